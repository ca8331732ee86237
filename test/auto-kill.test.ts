import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { runCli, startCli, statsOf, tempDir } from './support/run-cli.js';

async function waitFor(condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A project on `url` and the `auto` arguments that grow it: 2 levels of 3 tags, then questions and candidates. */
async function autoProject(
  url: string,
  concurrency: number,
  questionsPerTag: number,
  candidates: number,
): Promise<{ project: string; args: string[] }> {
  const project = join(await tempDir(), 'p');
  const init = await runCli(['init', project, '--topic', 'Sports science', '--base-url', url, '--concurrency', String(concurrency)]);
  expect(init.code, init.stderr).toBe(0);
  const sizes = [
    '--levels',
    '2',
    '--tags-per-level',
    '3',
    '--questions-per-tag',
    String(questionsPerTag),
    '--candidates',
    String(candidates),
  ];
  return { project, args: ['auto', '--project', project, ...sizes] };
}

// Each test runs the whole CLI several times (processes that start, plan and write): on a shared
// 2-core machine that takes longer than the suite's default, which is for one command.
const WHOLE_RUNS_MS = 180_000;

describe('distill auto killed with SIGKILL mid-run', () => {
  let teacher: OfflineTeacher | undefined;
  afterEach(async () => {
    await teacher?.close();
    teacher = undefined;
  });

  it(
    'completes on the next run, repeating no more requests than were asked for and unsaved',
    async () => {
      const concurrency = 4;
      teacher = await startOfflineTeacher({ latencyMs: 60 });
      const { project, args } = await autoProject(teacher.url, concurrency, 3, 2);

      const first = startCli(args);
      const answered = () => teacher!.requests.filter((request) => request.kind === 'answer' && request.status === 200).length;
      await waitFor(() => answered() >= 20);
      first.child.kill('SIGKILL');
      const killed = await first.result;
      expect(killed.signal).toBe('SIGKILL');
      const requestsAtKill = teacher.requests.length;
      const partial = await statsOf(project);
      expect(partial.candidates).toBeGreaterThan(0);
      expect(partial.candidates).toBeLessThan(54);

      const second = await runCli(args);
      expect(second.code, second.stderr).toBe(0);
      expect(await statsOf(project)).toMatchObject({ tags: 12, leafTags: 9, questions: 27, candidates: 54 });

      // A request counts as repeated when its key was asked before the kill and again after.
      const before = new Set(teacher.requests.slice(0, requestsAtKill).map((request) => request.key));
      const repeated = teacher.requests.slice(requestsAtKill).filter((request) => before.has(request.key));
      // At most the requests in flight (a reply is written before its slot takes the next request).
      expect(repeated.length).toBeLessThanOrEqual(concurrency);
    },
    WHOLE_RUNS_MS,
  );

  it(
    'stores every answer the teacher sent before the kill but for at most the requests in flight',
    async () => {
      const concurrency = 8;
      teacher = await startOfflineTeacher({ latencyMs: 25 });
      const { project, args } = await autoProject(teacher.url, concurrency, 4, 4);
      // Answers the teacher sent whole since request number `from`: a run asks only for answers not stored yet.
      const sentSince = (from: number) =>
        new Set(
          teacher!.requests
            .slice(from)
            .filter((request) => request.kind === 'answer' && request.sentWhole)
            .map((request) => request.key),
        ).size;
      let storedBefore = 0;
      // Two kills, each while answers pour in.
      for (let round = 1; round <= 2; round++) {
        const from = teacher.requests.length;
        const run = startCli(args);
        await waitFor(() => sentSince(from) >= 30);
        // Counted just before the signal: what the server finishes sending after it, nobody receives.
        const sent = sentSince(from);
        run.child.kill('SIGKILL');
        expect((await run.result).signal).toBe('SIGKILL');
        const stored = (await statsOf(project)).candidates - storedBefore;
        expect(stored).toBeLessThanOrEqual(sent);
        expect(sent - stored, `round ${round}: ${sent} answers sent, ${stored} stored`).toBeLessThanOrEqual(concurrency);
        storedBefore += stored;
      }
      const last = await runCli(args);
      expect(last.code, last.stderr).toBe(0);
      expect((await statsOf(project)).candidates).toBe(9 * 4 * 4);
    },
    WHOLE_RUNS_MS,
  );
});
