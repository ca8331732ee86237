import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { readJudgements } from '../src/store/judgement-store.js';
import { startCli, tempDir } from './support/run-cli.js';
import { runMain, statsInProcess } from './support/run-main.js';

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface EditableConfig {
  rules?: Record<string, unknown>;
  teachers: { structuredOutput?: string }[];
}

async function editConfig(project: string, change: (config: EditableConfig) => void): Promise<void> {
  const file = join(project, 'distill.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as EditableConfig;
  change(config);
  await writeFile(file, JSON.stringify(config, null, 2));
}

/** A small project answered by `teacher`, whose first teacher (all roles, the judge too) is it. */
async function answeredProject(teacher: OfflineTeacher, concurrency = 4): Promise<string> {
  const project = join(await tempDir(), 'p');
  const init = await runMain([
    'init',
    project,
    '--topic',
    'Sports science',
    '--base-url',
    teacher.url,
    '--concurrency',
    String(concurrency),
  ]);
  expect(init.code, init.stderr).toBe(0);
  const auto = await runMain([
    'auto',
    '--project',
    project,
    '--levels',
    '2',
    '--tags-per-level',
    '2',
    '--questions-per-tag',
    '3',
    '--candidates',
    '3',
  ]);
  expect(auto.code, auto.stderr).toBe(0);
  return project;
}

async function storedJudgements(project: string): Promise<number> {
  const stats = await statsInProcess(project);
  return stats.judge?.judged ?? 0;
}

const judgeRequests = (teacher: OfflineTeacher) => teacher.requests.filter((request) => request.kind === 'judge');

describe('distill judge', () => {
  let teacher: OfflineTeacher | undefined;
  afterEach(async () => {
    await teacher?.close();
    teacher = undefined;
  });

  it('scores the candidates that pass the rules, stores each once, and feeds judge_score', async () => {
    teacher = await startOfflineTeacher();
    const project = await answeredProject(teacher);
    const checked = JSON.parse((await runMain(['check', '--json', '--project', project])).stdout) as {
      passing: number;
      candidates: number;
    };

    const first = await runMain(['judge', '--project', project, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const run = JSON.parse(first.stdout) as { judge: { asked: number; failingRules: number }; stages: { judge: { done: number } } };
    expect(run.judge.asked).toBe(checked.passing);
    expect(run.judge.failingRules).toBe(checked.candidates - checked.passing);
    expect(run.stages.judge.done).toBe(run.judge.asked);
    expect(judgeRequests(teacher)).toHaveLength(run.judge.asked);
    expect(await storedJudgements(project)).toBe(run.judge.asked);

    // Run again: everything is stored, nothing is asked.
    const again = await runMain(['judge', '--project', project]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`0 candidates asked of the judge; ${run.judge.asked} already judged`);
    expect(judgeRequests(teacher)).toHaveLength(run.judge.asked);

    // The scores feed judge_score: at a threshold above every score, every judged candidate is flagged.
    await editConfig(project, (config) => (config.rules = { ...config.rules, judgeScore: { minScore: 10 } }));
    const strict = JSON.parse((await runMain(['check', '--json', '--project', project])).stdout) as { flags: Record<string, number> };
    const listed = (await runMain(['list', '--flag', 'judge_score', '--json', '--project', project])).stdout.trim().split('\n');
    expect(strict.flags.judge_score).toBeGreaterThan(0);
    expect(listed).toHaveLength(strict.flags.judge_score!);
    const id = (JSON.parse(listed[0]!) as { id: string }).id;
    const shown = await runMain(['show', id, '--project', project]);
    expect(shown.stdout).toMatch(/^judge {5}\d+(\.\d)?\/10, (correct|incorrect|cannot tell) \(default, [^)]+\)/m);
    expect(shown.stdout).toMatch(/judge_score: the judge scored it \d+(\.\d)?\/10 \(< 10\)/);
    const detail = JSON.parse((await runMain(['show', id, '--json', '--project', project])).stdout) as { judgement: { score: number } };
    expect(detail.judgement.score).toBeGreaterThanOrEqual(1);
  });

  it('reads judges that answer untidily (no structured output): fenced, prose around, no rationale, "Score: 7/10" lines', async () => {
    teacher = await startOfflineTeacher();
    const project = await answeredProject(teacher);
    await editConfig(project, (config) => (config.teachers[0]!.structuredOutput = 'off'));
    const run = await runMain(['judge', '--all', '--project', project, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const { judge } = JSON.parse(run.stdout) as { judge: { asked: number } };
    const stats = await statsInProcess(project);
    expect(stats.candidates).toBe(36);
    // --all: every candidate of a live question, none re-asked for a broken reply.
    expect(judge.asked).toBe(36);
    expect(stats.judge?.judged).toBe(36);
    expect(judgeRequests(teacher).every((request) => request.attempt === 1 && request.format === undefined)).toBe(true);
    const tagIds = (
      JSON.parse((await runMain(['tree', '--json', '--project', project])).stdout) as { tags: { id: string; leaf: boolean }[] }
    ).tags
      .filter((tag) => tag.leaf)
      .map((tag) => tag.id);
    const all = (await Promise.all(tagIds.map((tagId) => readJudgements(project, tagId)))).flatMap((map) => [...map.values()]);
    expect(all.some((judgement) => judgement.rationale === '')).toBe(true);
    expect(all.some((judgement) => judgement.rationale !== '')).toBe(true);
    expect(new Set(all.map((judgement) => judgement.verdict)).size).toBeGreaterThan(1);
  });

  it('says in one line when the judge cannot be reached, and refuses an unknown --teacher', async () => {
    teacher = await startOfflineTeacher();
    const project = await answeredProject(teacher);
    const gone = await startOfflineTeacher();
    const goneUrl = gone.url;
    await gone.close();
    const added = await runMain(['teacher', 'add', 'far', '--base-url', goneUrl, '--model', 'm', '--roles', 'judge', '--project', project]);
    expect(added.code, added.stderr).toBe(0);
    const dead = await runMain(['judge', '--teacher', 'far', '--project', project]);
    expect(dead.code).toBe(1);
    const lastLine = dead.stderr.trim().split('\n').at(-1)!;
    expect(lastLine).toMatch(/^distill: judge stopped: the judge "far" cannot be used: cannot reach the teacher/);
    expect(dead.stderr).not.toMatch(/\n\s+at /);
    expect(await storedJudgements(project)).toBe(0);

    const unknown = await runMain(['judge', '--teacher', 'nobody', '--project', project]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--teacher "nobody": the project has no such teacher');
  });

  it('resumes after kill -9 without asking again what was stored', async () => {
    const concurrency = 2;
    teacher = await startOfflineTeacher();
    const project = await answeredProject(teacher, concurrency);
    teacher.setFaults([{ type: 'delay', ms: 150, kind: 'judge' }]);
    const first = startCli(['judge', '--all', '--project', project]);
    const answered = () => judgeRequests(teacher!).filter((request) => request.status === 200).length;
    await waitFor(() => answered() >= 6);
    first.child.kill('SIGKILL');
    expect((await first.result).signal).toBe('SIGKILL');
    const atKill = teacher.requests.length;
    const stored = await storedJudgements(project);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(36);

    teacher.setFaults([]);
    const second = await runMain(['judge', '--all', '--project', project]);
    expect(second.code, second.stderr).toBe(0);
    expect(await storedJudgements(project)).toBe(36);
    // Exactly what was not stored is asked again (the requests in flight at the kill among them), nothing stored.
    const afterKill = teacher.requests.slice(atKill).filter((request) => request.kind === 'judge');
    expect(afterKill).toHaveLength(36 - stored);
    const inFlightAtKill = judgeRequests(teacher).length - afterKill.length - stored;
    expect(inFlightAtKill).toBeLessThanOrEqual(concurrency);
  });
});
