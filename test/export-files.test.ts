// `distill export` as a user runs it: names ending in .jsonl, distinct dataset_info.json entries,
// --for defaults and refusals, --ids, every check before the first byte, and `export diff`.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCandidates } from '../src/core/testing/candidate-builder.js';
import { newProjectConfig } from '../src/core/project-config.js';
import { ProjectStore } from '../src/store/project-store.js';
import { parseJson, parseJsonLines, readJson } from './support/json.js';
import { runMain } from './support/run-main.js';

async function project(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-export-files-')), 'project');
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const [tag] = await store.addTags(null, ['Endurance'], 'manual');
  const questions = await store.addQuestions(
    tag!.id,
    Array.from({ length: 6 }, (_, i) => ({ text: `Question ${i} about pacing?` })),
    'manual',
  );
  const candidates = questions.flatMap((question) =>
    buildCandidates(question, 2, (sample) => ({ answer: `Answer ${sample} to ${question.text}` })),
  );
  await store.appendCandidates(candidates);
  await store.decide(candidates.map((candidate) => ({ id: candidate.id, status: 'accepted' as const })));
  await store.close();
  return dir;
}

describe('distill export files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project();
  });

  it('adds .jsonl, and keeps train, train.txt and train.json as three datasets', async () => {
    const out = join(dir, 'names');
    for (const name of ['train', 'train.txt', 'train.json']) {
      const result = await runMain(['export', '--project', dir, '--format', 'alpaca', '--out', join(out, name)]);
      expect(result.code, result.stderr).toBe(0);
    }
    expect((await readdir(out)).filter((name) => name.endsWith('.jsonl')).sort()).toEqual([
      'train.json.jsonl',
      'train.jsonl',
      'train.txt.jsonl',
    ]);
    const info = await readJson<Record<string, { file_name: string }>>(join(out, 'dataset_info.json'));
    expect(Object.fromEntries(Object.entries(info).map(([key, entry]) => [key, entry.file_name]))).toEqual({
      train: 'train.jsonl',
      'train.txt': 'train.txt.jsonl',
      'train.json': 'train.json.jsonl',
    });
  });

  it('--for picks the trainer format; --ids puts the candidate id in each record', async () => {
    const result = await runMain(['export', '--project', dir, '--for', 'trl', '--ids', '--out', join(dir, 'trl', 'sft'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = parseJson<{ out: string; target: string; options: { format: string; reasoning: string }; datasetInfoPath: null }>(
      result.stdout,
    );
    expect(summary).toMatchObject({ target: 'trl', options: { format: 'prompt-completion', reasoning: 'think' }, datasetInfoPath: null });
    const records = parseJsonLines<{ id: string; prompt: unknown[] }>(await readFile(summary.out, 'utf8'));
    expect(records.map((record) => record.id)).toEqual(expect.arrayContaining([expect.stringMatching(/-\d+-[01]$/)]));
    expect(new Set(records.map((record) => record.id)).size).toBe(12);
    const openai = await runMain(['export', '--project', dir, '--for', 'openai', '--out', join(dir, 'oa.jsonl'), '--json']);
    expect(parseJson<{ options: { format: string; reasoning: string } }>(openai.stdout).options).toMatchObject({
      format: 'messages',
      reasoning: 'none',
    });
  });

  it('refuses a mangling combination with exit 2 before opening anything', async () => {
    for (const args of [
      ['--for', 'llama-factory', '--format', 'alpaca', '--reasoning', 'field'],
      ['--for', 'openai', '--reasoning', 'field'],
      ['--for', 'trl', '--format', 'sharegpt'],
      ['--for', 'trl', '--tag-field', 'tools'],
      ['--format', 'alpaca', '--ids', '--tag-field', 'id'],
      ['--reasoning', 'think'],
    ]) {
      const result = await runMain(['export', '--project', join(dir, 'no-such-project'), ...args, '--out', join(dir, 'x.jsonl')]);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
    }
    expect(await readdir(dir)).not.toContain('x.jsonl');
  });

  it('finds a corrupt dataset_info.json before writing: the earlier export stays whole', async () => {
    const out = join(dir, 'corrupt');
    const first = await runMain(['export', '--project', dir, '--format', 'sharegpt', '--out', join(out, 'train.jsonl')]);
    expect(first.code, first.stderr).toBe(0);
    const before = await readFile(join(out, 'train.jsonl'), 'utf8');
    const manifest = await readFile(join(out, 'train.jsonl.manifest.json'), 'utf8');
    await writeFile(join(out, 'dataset_info.json'), '{"other": {"file_name": "other.json"},');
    const result = await runMain(['export', '--project', dir, '--format', 'alpaca', '--out', join(out, 'train.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^distill: .*dataset_info\.json is not valid JSON; fix or move it, then export again\n$/);
    expect(await readFile(join(out, 'train.jsonl'), 'utf8')).toBe(before);
    expect(await readFile(join(out, 'train.jsonl.manifest.json'), 'utf8')).toBe(manifest);
    expect((await readdir(out)).sort()).toEqual(['dataset_info.json', 'train.jsonl', 'train.jsonl.manifest.json']);
  });

  it('says in one line that a file stands where a folder is expected', async () => {
    await writeFile(join(dir, 'a-file'), 'not a folder\n');
    const result = await runMain(['export', '--project', dir, '--format', 'alpaca', '--out', join(dir, 'a-file', 'sub', 'train.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`distill: ${join(dir, 'a-file')} is a file, not a folder; choose another --out or move that file\n`);
    await mkdir(join(dir, 'a-folder'));
    const folder = await runMain(['export', '--project', dir, '--format', 'alpaca', '--out', join(dir, 'a-folder')]);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toMatch(/a-folder is a folder; give a file name/);
  });
});

describe('distill export diff', () => {
  it('says what was added, removed and changed, by candidate and question', async () => {
    const dir = await project();
    const out = join(dir, 'releases');
    const v1 = await runMain(['export', '--project', dir, '--format', 'messages', '--out', join(out, 'v1')]);
    expect(v1.code, v1.stderr).toBe(0);
    // v2: one answer rejected, one question's text edited, one new question answered and accepted.
    const store = await ProjectStore.open(dir);
    const tag = store.tags()[0]!;
    const [first, second] = await store.questions(tag.id);
    await store.decide([{ id: `${first!.id}-1`, status: 'rejected' as const }]);
    await store.editQuestion(second!.id, 'Question 1 about pacing, reworded?');
    const [added] = await store.addQuestions(tag.id, [{ text: 'A new question?' }], 'manual');
    const candidates = buildCandidates(added!, 1);
    await store.appendCandidates(candidates);
    await store.decide([
      { id: candidates[0]!.id, status: 'accepted' as const },
      ...(await store.candidates(tag.id))
        .filter((c) => c.questionId === second!.id)
        .map((c) => ({ id: c.id, status: 'accepted' as const })),
    ]);
    await store.close();
    const v2 = await runMain(['export', '--project', dir, '--format', 'messages', '--out', join(out, 'v2')]);
    expect(v2.code, v2.stderr).toBe(0);

    const diff = await runMain(['export', 'diff', join(out, 'v1.jsonl'), join(out, 'v2'), '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    const document = parseJson<{
      added: number;
      removed: number;
      changed: number;
      questions: Record<string, number>;
      ids: Record<string, string[]>;
    }>(diff.stdout);
    expect(document).toMatchObject({ added: 1, removed: 1, changed: 2, unchanged: 9 });
    expect(document.questions).toEqual({ added: 1, removed: 0, changed: 2, unchanged: 4 });
    expect(document.ids.removed).toEqual([`${first!.id}-1`]);
    expect(document.ids.changed!.sort()).toEqual([`${second!.id}-0`, `${second!.id}-1`]);

    const text = await runMain(['export', 'diff', join(out, 'v1.jsonl'), join(out, 'v2.jsonl')]);
    expect(text.stdout).toMatch(
      /^records: 1 added, 1 removed, 2 changed, 9 unchanged\nquestions: 1 added, 0 removed, 2 changed, 4 unchanged\n\+ /,
    );
    const same = await runMain(['export', 'diff', join(out, 'v2.jsonl'), join(out, 'v2.jsonl.manifest.json'), '--json']);
    expect(parseJson(same.stdout)).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 12 });
    const missing = await runMain(['export', 'diff', join(out, 'v1.jsonl'), join(out, 'nope.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.jsonl: no export manifest at .*nope\.jsonl\.manifest\.json/);
  });
});
