// A user with no terminal UI: finds ids with `list`, decides one, reads it back with `show`,
// sees the tree with `tree`, and retries what failed with `failures --retry`.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCandidates } from '../src/core/testing/candidate-builder.js';
import { newProjectConfig } from '../src/core/project-config.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { ProjectStore } from '../src/store/project-store.js';
import { parseJson, parseJsonLines, readJson } from './support/json.js';
import { stringContaining, stringMatching } from './support/matchers.js';
import { runMain, statsInProcess } from './support/run-main.js';

// eslint-disable-next-line no-control-regex -- the controls that must not reach the output
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;

interface Row {
  id: string;
  tag: string;
  question: string;
  status: string;
  verdict: string | null;
  flags: string[];
  teacher: string;
  reviewers: string[];
}

describe('list, show and tree on the demo project', () => {
  let project: string;
  beforeAll(async () => {
    project = join(await mkdtemp(join(tmpdir(), 'distill-headless-')), 'demo');
    const demo = await runMain(['demo', '--auto', '--dir', project]);
    expect(demo.code, demo.stderr).toBe(0);
  });

  it('lists every candidate once, one JSON object per line, with the counts stats gives', async () => {
    const result = await runMain(['list', '--json', '--project', project]);
    expect(result.code, result.stderr).toBe(0);
    const rows = parseJsonLines<Row>(result.stdout);
    const stats = await statsInProcess(project);
    expect(rows).toHaveLength(stats.candidates);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    expect(rows.filter((row) => row.status === 'accepted')).toHaveLength(stats.status.accepted);
    expect(rows.filter((row) => row.flags.includes('refusal'))).toHaveLength(stats.flags.refusal!);
    expect(rows[0]).toMatchObject({ id: stringMatching(/^t[0-9a-z]{6}-\d+-\d+$/), tag: stringContaining(' > ') });
  });

  it('filters by tag, status, flag, teacher and reviewer, and names a wrong filter in one line', async () => {
    const all = parseJsonLines<Row>((await runMain(['list', '--json', '--project', project])).stdout);
    const tag = all[0]!.tag;
    const byTag = parseJsonLines<Row>((await runMain(['list', '--json', '--tag', tag, '--project', project])).stdout);
    expect(byTag.length).toBeGreaterThan(0);
    expect(byTag).toEqual(all.filter((row) => row.tag === tag));
    // A parent tag covers its subtree.
    const parent = tag.split(' > ')[0]!;
    const byParent = parseJsonLines<Row>((await runMain(['list', '--json', '--tag', parent, '--project', project])).stdout);
    expect(byParent).toEqual(all.filter((row) => row.tag.startsWith(`${parent} > `)));
    const flagged = parseJsonLines<Row>((await runMain(['list', '--json', '--flag', 'truncated', '--project', project])).stdout);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((row) => row.flags.includes('truncated'))).toBe(true);
    const r1 = parseJsonLines<Row>(
      (await runMain(['list', '--json', '--teacher', 'r1', '--status', 'pending', '--project', project])).stdout,
    );
    expect(r1).toEqual(all.filter((row) => row.teacher === 'r1' && row.status === 'pending'));

    const wrongFlag = await runMain(['list', '--flag', 'nonsense', '--project', project]);
    expect(wrongFlag.code).toBe(2);
    expect(wrongFlag.stderr).toMatch(/^distill: --flag nonsense: no such rule \(rules: .*truncated.*\)/);
    const wrongTag = await runMain(['list', '--tag', 'No > Such', '--project', project]);
    expect(wrongTag.code).toBe(2);
    expect(wrongTag.stderr).toContain('no such tag (distill tree shows the paths)');
    const wrongStatus = await runMain(['list', '--status', 'maybe', '--project', project]);
    expect(wrongStatus.code).toBe(2);
  });

  it('finds an id with list, rejects it, and show tells the whole candidate with its history', async () => {
    const [refused] = parseJsonLines<Row>((await runMain(['list', '--json', '--flag', 'refusal', '--project', project])).stdout);
    expect(refused).toBeDefined();
    const text = await runMain(['list', '--flag', 'refusal', '--project', project]);
    expect(text.stdout.split('\n')[0]).toMatch(new RegExp(`^${refused!.id}  pending   fail  refusal  `));

    const reject = await runMain(['reject', refused!.id, '--reason', 'refuses to answer', '--reviewer', 'ana', '--project', project]);
    expect(reject.code, reject.stderr).toBe(0);
    const byAna = parseJsonLines<Row>((await runMain(['list', '--json', '--reviewer', 'ana', '--project', project])).stdout);
    expect(byAna.map((row) => [row.id, row.status, row.reviewers])).toEqual([[refused!.id, 'rejected', ['ana']]]);

    const shown = await runMain(['show', refused!.id, '--json', '--project', project]);
    expect(shown.code, shown.stderr).toBe(0);
    const detail = parseJson<Record<string, unknown>>(shown.stdout);
    expect(detail).toMatchObject({
      id: refused!.id,
      tag: refused!.tag,
      question: { text: refused!.question },
      candidate: { teacher: refused!.teacher, answer: stringContaining("can't help") },
      verdict: 'fail',
      status: 'rejected',
      decision: { status: 'rejected', reviewer: 'ana', reason: 'refuses to answer' },
      history: [{ id: refused!.id, status: 'rejected', reviewer: 'ana', reason: 'refuses to answer' }],
    });
    expect(detail.flags).toEqual([{ rule: 'refusal', detail: stringContaining('refuses') }]);

    const plain = await runMain(['show', refused!.id, '--project', project]);
    expect(plain.stdout).toMatch(/^candidate .*\nteacher .*\nstatus {4}rejected by ana at .*: refuses to answer\n/);
    expect(plain.stdout).toMatch(/\nflags\n {2}refusal: the answer refuses/);
    expect(plain.stdout).toMatch(/\nhistory\n {2}\S+ {2}ana rejected: refuses to answer\n$/);
  });

  it('says what to do for an id that is not there or not an id', async () => {
    const missing = await runMain(['show', 'tzzzzzz-1-0', '--project', project]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('distill: no candidate tzzzzzz-1-0 in this project (distill list shows the ids)\n');
    const notId = await runMain(['show', 'banana', '--project', project]);
    expect(notId.code).toBe(2);
    expect(notId.stderr).toContain('banana is not a candidate id');
  });

  it('prints the tree with counts that add up over subtrees to the stats totals', async () => {
    const result = await runMain(['tree', '--json', '--project', project]);
    expect(result.code, result.stderr).toBe(0);
    const tree = parseJson<{
      topic: string;
      tags: { path: string; depth: number; leaf: boolean; questions: number; candidates: number; accepted: number; flagged: number }[];
      total: { questions: number; candidates: number; pending: number; accepted: number; rejected: number; flagged: number };
    }>(result.stdout);
    const stats = await statsInProcess(project);
    expect(tree.tags).toHaveLength(stats.tags);
    expect(tree.total).toMatchObject({
      questions: stats.questions,
      candidates: stats.candidates,
      accepted: stats.status.accepted,
      rejected: stats.status.rejected,
      pending: stats.status.pending,
    });
    const top = tree.tags.filter((row) => row.depth === 1);
    expect(top.reduce((sum, row) => sum + row.candidates, 0)).toBe(stats.candidates);
    for (const row of top) {
      const leaves = tree.tags.filter((each) => each.leaf && each.path.startsWith(`${row.path} > `));
      expect(leaves.reduce((sum, leaf) => sum + leaf.flagged, 0)).toBe(row.flagged);
    }
    const text = await runMain(['tree', '--project', project]);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^tag\s+questions\s+candidates\s+pending\s+accepted\s+rejected\s+flagged$/);
    expect(lines[1]).toMatch(new RegExp(`^Sports science\\s+${stats.questions}\\s+${stats.candidates}\\s`));
    expect(lines[2]).toMatch(/^ {2}\S/);
    expect(lines[3]).toMatch(/^ {4}\S/);
  });
});

describe('list and show with model text that carries controls', () => {
  it('keeps each list row one line and shows model text in show indented, controls made visible', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'distill-headless-')), 'p');
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
    const [tag] = await store.addTags(null, ['Pacing\u009b31m'], 'generated');
    const [question] = await store.addQuestions(tag!.id, [{ text: 'Six\nsevens?\u202E' }], 'generated');
    await store.appendCandidates(buildCandidates(question!, 1, { answer: 'candidate 1 accepted\n\u001b[2Jforged line' }));
    await store.close();
    const list = await runMain(['list', '--project', dir]);
    expect(list.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(list.stdout).not.toMatch(RAW_CONTROL);
    const json = await runMain(['list', '--json', '--project', dir]);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(parseJsonLines<Row>(json.stdout)[0]!.question).toBe('Six\nsevens?\u202E');
    const show = await runMain(['show', `${question!.id}-0`, '--project', dir]);
    expect(show.stdout).not.toMatch(RAW_CONTROL);
    // Every line the model wrote sits indented under its heading.
    expect(show.stdout).toContain('\nanswer\n  candidate 1 accepted\n  \u241B[2Jforged line\n');
  });
});

describe('failures and failures --retry', () => {
  let teacher: OfflineTeacher | undefined;
  afterEach(async () => {
    await teacher?.close();
    teacher = undefined;
  });

  it('lists the items that failed with why, and retries only those against the project teachers', async () => {
    teacher = await startOfflineTeacher({ faults: [{ type: 'status', status: 500, kind: 'answer', match: '#1', times: 1000 }] });
    const project = join(await mkdtemp(join(tmpdir(), 'distill-headless-')), 'p');
    expect((await runMain(['init', project, '--topic', 'Sports science', '--base-url', teacher.url])).code).toBe(0);
    const config = await readJson<Record<string, unknown>>(join(project, 'distill.json'));
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(join(project, 'distill.json'), JSON.stringify({ ...config, maxRetries: 0 })),
    );
    const auto = await runMain([
      'auto',
      '--project',
      project,
      '--levels',
      '1',
      '--tags-per-level',
      '2',
      '--questions-per-tag',
      '2',
      '--candidates',
      '2',
    ]);
    expect(auto.code).toBe(1);
    const failed = (await statsInProcess(project)).failed;
    expect(failed).toBeGreaterThan(0);

    const listed = await runMain(['failures', '--json', '--project', project]);
    expect(listed.code, listed.stderr).toBe(0);
    const { failures } = parseJson<{ failures: { stage: string; target: string; reason: string; label: string; exists: boolean }[] }>(
      listed.stdout,
    );
    expect(failures).toHaveLength(failed);
    for (const failure of failures) {
      expect(failure).toMatchObject({
        stage: 'answers',
        target: stringMatching(/-1$/),
        reason: stringContaining('500'),
        exists: true,
      });
    }
    const text = await runMain(['failures', '--project', project]);
    expect(text.stdout).toMatch(
      new RegExp(`^${failed} failed items? \\(distill failures --retry asks for them again\\):\\n {2}answers {3}t`),
    );

    // Still failing: the retry says so, and keeps them.
    const again = await runMain(['failures', '--retry', '--project', project]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/failed after retries .*run 'distill failures --retry' again/);

    teacher.setFaults([]);
    const requestsBefore = teacher.requests.length;
    const retry = await runMain(['failures', '--retry', '--project', project]);
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toContain(`Retried ${failed} failed item`);
    // Only the failed answers were asked for: nothing else was missing.
    expect(teacher.requests.length - requestsBefore).toBe(failed);
    expect(await statsInProcess(project)).toMatchObject({ candidates: 8, failed: 0 });
    expect((await runMain(['failures', '--project', project])).stdout).toMatch(/^No failed items/);
  });
});
