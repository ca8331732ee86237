import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import type { Candidate } from '../src/core/types.js';
import { readStoredCandidates } from './support/project-files.js';
import { readJson, readJsonLines } from './support/json.js';
import { cliEnv, tempDir } from './support/run-cli.js';
import { runMain, statsInProcess } from './support/run-main.js';

const SECRET = 'sk-test-4f9c2e71b0a84d6e9f3312aa';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

describe('distill auto against a faulty teacher', () => {
  let teacher: OfflineTeacher | undefined;
  afterEach(async () => {
    await teacher?.close();
    teacher = undefined;
  });

  it('ends with exactly the asked-for tree despite 429s, 500s, fenced or broken JSON and truncation, and never stores the key', async () => {
    teacher = await startOfflineTeacher({
      apiKey: SECRET,
      faults: [
        { type: 'status', status: 429, retryAfter: 0.2, kind: 'answer', times: 3 },
        { type: 'status', status: 500, kind: 'answer', every: 9 },
        { type: 'broken-json', kind: 'tags', times: 1 },
        // Every rule counts each request it matches, so these are spread over distinct requests.
        { type: 'short-list', kind: 'questions', times: 1 },
        { type: 'fenced-json', kind: 'questions', every: 3 },
        { type: 'status', status: 500, kind: 'questions', every: 5 },
        { type: 'truncate', kind: 'answer', every: 10 },
      ],
    });
    const project = join(await tempDir(), 'sports');
    const env = cliEnv({ OPENAI_API_KEY: SECRET });
    const init = await runMain(['init', project, '--topic', 'Sports science', '--base-url', teacher.url, '--model', 'offline-teacher'], {
      env,
    });
    expect(init.code, init.stderr).toBe(0);

    const auto = await runMain(
      ['auto', '--project', project, '--levels', '2', '--tags-per-level', '3', '--questions-per-tag', '3', '--candidates', '2'],
      { env },
    );
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stderr).toMatch(/Finished in .*answers 54\/54/);

    const stats = await statsInProcess(project, env);
    expect(stats).toMatchObject({ tags: 12, leafTags: 9, questions: 27, candidates: 54, failed: 0 });

    // The faults really happened (the run did not just dodge them).
    const faults = teacher.requests.map((request) => request.fault).filter(Boolean);
    expect(faults).toEqual(expect.arrayContaining(['status', 'broken-json', 'fenced-json', 'short-list', 'truncate']));
    expect(teacher.requests.filter((request) => request.status === 429)).toHaveLength(3);

    // Truncated answers are kept as candidates with their finish reason.
    const candidates = await readStoredCandidates(project);
    expect(candidates.filter((candidate) => candidate.finishReason === 'length').length).toBeGreaterThan(0);

    for (const file of await filesUnder(project)) {
      if ((await stat(file)).size > 50_000_000) continue;
      expect(await readFile(file, 'utf8'), file).not.toContain(SECRET);
    }
  });

  it('runs again without generating anything when nothing is missing', async () => {
    teacher = await startOfflineTeacher();
    const project = join(await tempDir(), 'p');
    await runMain(['init', project, '--topic', 'Sports science', '--base-url', teacher.url]);
    const args = ['auto', '--project', project, '--levels', '2', '--tags-per-level', '2', '--questions-per-tag', '2', '--candidates', '2'];
    expect((await runMain(args)).code).toBe(0);
    const requestsAfterFirst = teacher.requests.length;
    const second = await runMain(args);
    expect(second.code, second.stderr).toBe(0);
    expect(teacher.requests.length).toBe(requestsAfterFirst);
    expect(await statsInProcess(project)).toMatchObject({ tags: 6, leafTags: 4, questions: 8, candidates: 16 });
  });

  it('records an item that keeps failing, exits 1 saying so, and completes it on the next run', async () => {
    teacher = await startOfflineTeacher({ faults: [{ type: 'status', status: 500, kind: 'answer', match: '#1', times: 100 }] });
    const project = join(await tempDir(), 'p');
    await runMain(['init', project, '--topic', 'Sports science', '--base-url', teacher.url]);
    const config = await readJson<Record<string, unknown>>(join(project, 'distill.json'));
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(join(project, 'distill.json'), JSON.stringify({ ...config, maxRetries: 1 })),
    );
    const args = ['auto', '--project', project, '--levels', '1', '--tags-per-level', '1', '--questions-per-tag', '2', '--candidates', '2'];
    const first = await runMain(args);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/2 items failed after retries .*run 'distill auto' again/);
    expect(first.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expect(await statsInProcess(project)).toMatchObject({ candidates: 2, failed: 2 });

    teacher.setFaults([]);
    const second = await runMain(args);
    expect(second.code, second.stderr).toBe(0);
    expect(await statsInProcess(project)).toMatchObject({ candidates: 4, failed: 0 });
  });

  it('keeps the reasoning apart from the answer when a streamed teacher thinks in a <think> block', async () => {
    teacher = await startOfflineTeacher({ reasoningMode: 'think-tag' });
    const project = join(await tempDir(), 'p');
    await runMain(['init', project, '--topic', 'Sports science', '--base-url', teacher.url, '--stream']);
    const auto = await runMain([
      'auto',
      '--project',
      project,
      '--levels',
      '1',
      '--tags-per-level',
      '1',
      '--questions-per-tag',
      '2',
      '--candidates',
      '2',
    ]);
    expect(auto.code, auto.stderr).toBe(0);
    expect(teacher.requests.filter((request) => request.kind === 'answer').every((request) => request.stream)).toBe(true);
    const [shard] = await readdir(join(project, 'data', 'candidates'));
    const candidates = await readJsonLines<Candidate>(join(project, 'data', 'candidates', shard!));
    expect(candidates).toHaveLength(4);
    for (const candidate of candidates) {
      expect(candidate.reasoning.length).toBeGreaterThan(20);
      expect(candidate.answer).not.toMatch(/<\/?think>/);
      expect(candidate.usage?.completionTokens).toBeGreaterThan(0);
    }
  });
});
