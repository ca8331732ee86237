import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { runCli, startCli, statsOf, tempDir } from './support/run-cli.js';

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('distill auto killed with SIGKILL mid-run', () => {
  let teacher: OfflineTeacher | undefined;
  afterEach(async () => {
    await teacher?.close();
    teacher = undefined;
  });

  it('completes on the next run, repeating no more requests than were asked for and unsaved', async () => {
    const concurrency = 4;
    teacher = await startOfflineTeacher({ latencyMs: 60 });
    const project = join(await tempDir(), 'p');
    expect(
      (await runCli(['init', project, '--topic', 'Sports science', '--base-url', teacher.url, '--concurrency', String(concurrency)])).code,
    ).toBe(0);
    const args = ['auto', '--project', project, '--levels', '2', '--tags-per-level', '3', '--questions-per-tag', '3', '--candidates', '2'];

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
    // At most the requests in flight plus as many replies being written (a reply frees its slot before it is saved).
    expect(repeated.length).toBeLessThanOrEqual(2 * concurrency);
  });
});
