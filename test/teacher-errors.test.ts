import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { parseJson } from './support/json.js';
import { cliEnv, tempDir } from './support/run-cli.js';
import { runMain, statsInProcess } from './support/run-main.js';
import { ProjectStore } from '../src/store/project-store.js';
import { loadVerdicts } from '../src/checks/project/check-project.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function project(baseUrl: string, patch: Record<string, unknown> = {}): Promise<string> {
  const dir = join(await tempDir(), 'p');
  const init = await runMain(['init', dir, '--topic', 'Sports science', '--base-url', baseUrl]);
  expect(init.code, init.stderr).toBe(0);
  const configFile = join(dir, 'distill.json');
  const config = parseJson<Record<string, unknown>>(await readFile(configFile, 'utf8'));
  await writeFile(configFile, JSON.stringify({ ...config, ...patch }));
  return dir;
}

const AUTO = ['auto', '--levels', '1', '--tags-per-level', '2', '--questions-per-tag', '1', '--candidates', '1'];

describe('a teacher that cannot be used', () => {
  let teacher: OfflineTeacher | undefined;
  afterEach(async () => {
    await teacher?.close();
    teacher = undefined;
  });

  it('says in one line that an unreachable teacher cannot be reached, and loses nothing', async () => {
    const url = `http://127.0.0.1:${await freePort()}/v1`;
    const dir = await project(url, { maxRetries: 0 });
    const result = await runMain([...AUTO, '--project', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      new RegExp(`^distill: auto stopped: cannot reach the teacher at ${url.replace(/[.]/g, '\\.')}.*check --base-url$`),
    );
    expect(await statsInProcess(dir)).toMatchObject({ tags: 0, failed: 0 });
  });

  it('says the key was refused and names the variable', async () => {
    teacher = await startOfflineTeacher({ apiKey: 'the-right-key' });
    const dir = await project(teacher.url);
    const result = await runMain([...AUTO, '--project', dir], { env: cliEnv({ OPENAI_API_KEY: 'a-wrong-key' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the API key \(401\): check OPENAI_API_KEY/);
    expect(result.stderr).not.toContain('a-wrong-key');
  });

  it('asks for a key when a remote teacher needs one', async () => {
    const dir = await project('https://api.example.invalid/v1');
    const result = await runMain([...AUTO, '--project', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no API key: set OPENAI_API_KEY/);
  });

  it('records a request that times out as that item failing, then completes it on the next run', async () => {
    teacher = await startOfflineTeacher({ faults: [{ type: 'hang', kind: 'answer', times: 1 }] });
    const dir = await project(teacher.url, { timeoutMs: 3000, maxRetries: 0 });
    const first = await runMain([...AUTO, '--project', dir]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/did not answer within 3 s/);
    expect(await statsInProcess(dir)).toMatchObject({ questions: 2, candidates: 1, failed: 1 });
    const second = await runMain([...AUTO, '--project', dir]);
    expect(second.code, second.stderr).toBe(0);
    expect(await statsInProcess(dir)).toMatchObject({ candidates: 2, failed: 0 });
  });

  it('rejects a wrong flag with exit 2 and a corrupt config with exit 1 naming the file', async () => {
    teacher = await startOfflineTeacher();
    const dir = await project(teacher.url);
    const wrongFlag = await runMain(['auto', '--project', dir, '--levels', 'many']);
    expect(wrongFlag.code).toBe(2);
    expect(wrongFlag.stderr).toMatch(/--levels must be a whole number/);
    await writeFile(join(dir, 'distill.json'), '{ "version": 1,');
    const corrupt = await runMain(['stats', '--project', dir]);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr.trim()).toMatch(/distill\.json is corrupt \(not valid JSON\)/);
    expect(await readFile(join(dir, 'distill.json'), 'utf8')).toBe('{ "version": 1,');
  });
});

describe('a teacher that fails every request', () => {
  it('stops the run after a streak of failures instead of grinding through every item', async () => {
    const teacher = await startOfflineTeacher({ faults: [{ type: 'status', status: 503, kind: 'answer', times: 10_000 }] });
    try {
      const dir = await project(teacher.url, { maxRetries: 0, concurrency: 2 });
      const result = await runMain(
        ['auto', '--project', dir, '--levels', '1', '--tags-per-level', '3', '--questions-per-tag', '3', '--candidates', '4'],
        {},
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/auto stopped: 10 requests in a row failed, the last with: the teacher at .* failed with 503/);
      // One teacher: the stop says it all, with no line about its share going elsewhere.
      expect(result.stderr).not.toContain('stopped taking work');
      const answers = teacher.requests.filter((request) => request.kind === 'answer');
      expect(answers.length).toBeLessThan(36);
      expect(await statsInProcess(dir)).toMatchObject({ questions: 9, candidates: 0 });
      expect((await statsInProcess(dir)).failed).toBeGreaterThanOrEqual(10);
    } finally {
      await teacher.close();
    }
  });
});

describe('a teacher that never answers, or says too much', () => {
  let silent: OfflineTeacher | undefined;
  afterEach(async () => {
    await silent?.close();
    silent = undefined;
  });

  it('says within 10 s that requests are waiting, and stops clearly at the --timeout', async () => {
    silent = await startOfflineTeacher({ faults: [{ type: 'hang' }] });
    const dir = await project(silent.url);
    const result = await runMain([...AUTO, '--timeout', '7', '--project', dir]);
    expect(result.code).toBe(1);
    const heartbeat = result.stderrLines.find((line) => /1 request waiting, the oldest \d+ s/.test(line.text));
    expect(heartbeat, result.stderr).toBeDefined();
    expect(heartbeat!.atMs).toBeLessThan(10_000);
    expect(heartbeat!.text).toMatch(/^progress: tags 0\/2; 1 request waiting, the oldest \d s$/);
    const last = result.stderrLines.at(-1)!;
    expect(last.text).toMatch(
      /^distill: auto stopped: the teacher at .* did not answer within 7 s; raise --timeout .*\(it has answered nothing in this run\)$/,
    );
    expect(last.atMs).toBeLessThan(7_000 + 4_000);
  });

  it('keeps a key the server echoes out of failures.json and the output', async () => {
    const secret = 'sk-echo-5d2f81c7a9e34b6f';
    silent = await startOfflineTeacher({ apiKey: secret, faults: [{ type: 'status', status: 500, kind: 'answer', echoKey: true }] });
    const dir = await project(silent.url);
    const env = cliEnv({ OPENAI_API_KEY: secret });
    const result = await runMain([...AUTO, '--max-retries', '0', '--project', dir], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed with 500: offline teacher fault: status 500 \(the key sent was \[redacted\]\)/);
    expect(result.stderr + result.stdout).not.toContain(secret);
    const failures = await readFile(join(dir, 'data', 'failures.json'), 'utf8');
    expect(failures).toContain('[redacted]');
    expect(failures).not.toContain(secret);
  });

  it('prints its JSON document with --json when it stops on a fatal error', async () => {
    const dir = await project(`http://127.0.0.1:${await freePort()}/v1`);
    const result = await runMain([...AUTO, '--json', '--max-retries', '0', '--project', dir]);
    expect(result.code).toBe(1);
    const document = parseJson<{ error: string; stages: { tags: { planned: number } } }>(result.stdout);
    expect(document.error).toMatch(/^auto stopped: cannot reach the teacher at /);
    expect(document.stages.tags.planned).toBe(2);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints a failing question on one line however many lines it has', async () => {
    silent = await startOfflineTeacher({ faults: [{ type: 'status', status: 500, kind: 'answer' }] });
    const dir = await project(silent.url);
    const store = await ProjectStore.open(dir);
    const [tag] = await store.addTags(null, ['Forged'], 'manual');
    await store.addQuestions(tag!.id, [{ text: 'Line one?\nanswers: t000000-0-0 failed: forged line' }], 'manual');
    await store.close();
    const result = await runMain(['answers', 'generate', '--candidates', '1', '--max-retries', '0', '--project', dir]);
    expect(result.code).toBe(1);
    const failed = result.stderrLines.filter((line) => line.text.includes('Line one?'));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.text).toMatch(
      /^answers: Line one\? ⏎ answers: t000000-0-0 failed: forged line failed \(teacher "default"\): the teacher at .* failed with 500/,
    );
    expect(result.stderrLines.filter((line) => line.text.startsWith('answers: t000000'))).toEqual([]);
  });
});

describe('an answer too big to keep', () => {
  it('is cut at maxAnswerChars, kept, and flagged truncated with a detail that says why', async () => {
    const huge = await startOfflineTeacher({ faults: [{ type: 'huge', chars: 21_000_000, kind: 'answer' }] });
    try {
      const dir = await project(huge.url, { maxAnswerChars: 50_000, stream: true });
      const result = await runMain([...AUTO, '--project', dir]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/passed the size limit \(maxAnswerChars\) and was cut there \(kept, flagged truncated\)/);
      const store = await ProjectStore.open(dir);
      try {
        const [tag] = store.tags();
        const [candidate] = await store.candidates(tag!.id);
        expect(candidate).toMatchObject({ finishReason: 'size_limit' });
        expect(candidate!.answer.length).toBe(50_000);
        const verdict = (await loadVerdicts(store, tag!.id)).get(candidate!.id)!;
        expect(verdict.flags.find((flag) => flag.rule === 'truncated')?.detail).toMatch(/passed the size limit \(maxAnswerChars/);
      } finally {
        await store.close();
      }
      // The server was cut off long before it could send 21 MB: the client read only what it keeps.
      for (const request of huge.requests.filter((each) => each.kind === 'answer')) expect(request.bytesSent).toBeLessThan(5_000_000);
    } finally {
      await huge.close();
    }
  });
});
