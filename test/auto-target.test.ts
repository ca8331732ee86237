// The project's own sizes, what a run would cost before it starts, and a budget that stops it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../src/pipeline/events.js';
import type { ProjectConfig } from '../src/core/types.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { parseJson } from './support/json.js';
import { startCli, statsOf, tempDir } from './support/run-cli.js';
import { runMain } from './support/run-main.js';

let teacher: OfflineTeacher | undefined;
afterEach(async () => {
  await teacher?.close();
  teacher = undefined;
});

async function project(baseUrl: string, extra: string[] = []): Promise<string> {
  const dir = join(await tempDir(), 'p');
  const result = await runMain(['init', dir, '--topic', 'Sports science', '--base-url', baseUrl, ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return dir;
}

async function config(dir: string): Promise<ProjectConfig> {
  return parseJson<ProjectConfig>(await readFile(join(dir, 'distill.json'), 'utf8'));
}

describe('the sizes given to auto', () => {
  it('become the target that a plain distill auto completes after Ctrl-C', async () => {
    teacher = await startOfflineTeacher({ latencyMs: 150 });
    const dir = await project(teacher.url, ['--concurrency', '2']);
    const sized = startCli([
      'auto',
      '--levels',
      '2',
      '--tags-per-level',
      '3',
      '--questions-per-tag',
      '2',
      '--candidates',
      '3',
      '--project',
      dir,
    ]);
    // Interrupt once answers are coming in.
    const deadline = Date.now() + 30_000;
    while (teacher.requests.filter((request) => request.kind === 'answer').length < 3) {
      if (Date.now() > deadline) throw new Error('no answers were asked for');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    sized.child.kill('SIGINT');
    const stopped = await sized.result;
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/Target saved: 2 levels, 3 tags per level, 2 questions per tag, 3 candidates per question/);
    expect(stopped.stderr).toMatch(/interrupted; everything finished so far is saved/);
    expect((await config(dir)).generation).toEqual({ levels: 2, tagsPerLevel: 3, questionsPerTag: 2, candidates: 3 });

    const plain = await runMain(['auto', '--project', dir]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).not.toContain('Target saved');
    // 3 + 9 tags, 9 leaves × 2 questions, 3 answers each: not the project defaults (10/10/4).
    expect(await statsOf(dir)).toMatchObject({ tags: 12, leafTags: 9, questions: 18, candidates: 54 });
    expect(plain.stderr.match(/^Finished in/gm)).toHaveLength(1);
  });

  it('are planned by --dry-run without asking the teacher anything', async () => {
    teacher = await startOfflineTeacher();
    const dir = await project(teacher.url);
    const dry = await runMain([
      'auto',
      '--levels',
      '2',
      '--tags-per-level',
      '3',
      '--questions-per-tag',
      '25',
      '--candidates',
      '2',
      '--dry-run',
      '--json',
      '--project',
      dir,
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = parseJson<{ requests: Record<string, number>; tokens: number; cost: number | null }>(dry.stdout);
    // One request under the topic and one under each of its 3 tags; 9 leaves × 2 batches of ≤ 20 questions; 225 × 2 answers.
    expect(plan.requests).toEqual({ tags: 4, questions: 18, answers: 450 });
    expect(plan.tokens).toBeGreaterThan(450 * 100);
    expect(plan.cost).toBeNull();
    expect(teacher.requests).toHaveLength(0);
    // A dry run does not change the target.
    expect((await config(dir)).generation).toMatchObject({ levels: 2, tagsPerLevel: 10 });

    const text = await runMain(['auto', '--dry-run', '--candidates', '1', '--project', dir]);
    expect(text.stdout).toMatch(/^ {2}answers {4}1,000 requests$/m);
    expect(text.stdout).toMatch(/^ {2}tags {7}11 requests \(110 tags\)$/m);
  });
});

describe('a budget', () => {
  it('stops the run within one concurrency window of the limit, and the next run goes on', async () => {
    teacher = await startOfflineTeacher();
    const dir = await project(teacher.url, ['--concurrency', '3']);
    const file = join(dir, 'distill.json');
    const withPrice = await config(dir);
    withPrice.teachers = withPrice.teachers!.map((each) => ({ ...each, price: { inputPerMillion: 200, outputPerMillion: 400 } }));
    await writeFile(file, JSON.stringify(withPrice));

    const noPrice = await runMain(['auto', '--budget', '1', '--project', await project(teacher.url)]);
    expect(noPrice.code).toBe(2);
    expect(noPrice.stderr).toMatch(/--budget needs a price for every teacher, and "default" has none/);

    const args = [
      'auto',
      '--levels',
      '1',
      '--tags-per-level',
      '2',
      '--questions-per-tag',
      '3',
      '--candidates',
      '4',
      '--json',
      '--project',
      dir,
    ];
    const first = await runMain([...args, '--budget', '0.5']);
    expect(first.code, first.stderr).toBe(0);
    const summary = parseJson<RunSummary>(first.stdout);
    expect(summary.stoppedBy).toBe('budget');
    const answered = teacher.requests.filter((request) => request.kind === 'answer').length;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(24);
    // Past the limit by at most the 3 answers that were in flight when it was reached.
    const stats = await statsOf(dir);
    const perAnswer = stats.cost! / stats.candidates;
    expect(summary.cost!).toBeGreaterThanOrEqual(0.5);
    expect(summary.cost! - 0.5).toBeLessThanOrEqual(3 * perAnswer * 1.5);
    expect(stats.failed).toBe(0);

    const rest = await runMain([...args, '--budget', '100']);
    expect(rest.code, rest.stderr).toBe(0);
    expect(parseJson<RunSummary>(rest.stdout).stoppedBy).toBeUndefined();
    expect(await statsOf(dir)).toMatchObject({ questions: 6, candidates: 24 });
  });
});
