import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { parseJson } from './support/json.js';
import { cliEnv, runCli, statsOf, tempDir } from './support/run-cli.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function project(baseUrl: string, patch: Record<string, unknown> = {}): Promise<string> {
  const dir = join(await tempDir(), 'p');
  const init = await runCli(['init', dir, '--topic', 'Sports science', '--base-url', baseUrl]);
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
    const result = await runCli([...AUTO, '--project', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      new RegExp(`^distill: auto stopped: cannot reach the teacher at ${url.replace(/[.]/g, '\\.')}.*check --base-url$`),
    );
    expect(await statsOf(dir)).toMatchObject({ tags: 0, failed: 0 });
  });

  it('says the key was refused and names the variable', async () => {
    teacher = await startOfflineTeacher({ apiKey: 'the-right-key' });
    const dir = await project(teacher.url);
    const result = await runCli([...AUTO, '--project', dir], { env: cliEnv({ OPENAI_API_KEY: 'a-wrong-key' }) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the API key \(401\): check OPENAI_API_KEY/);
    expect(result.stderr).not.toContain('a-wrong-key');
  });

  it('asks for a key when a remote teacher needs one', async () => {
    const dir = await project('https://api.example.invalid/v1');
    const result = await runCli([...AUTO, '--project', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no API key: set OPENAI_API_KEY/);
  });

  it('records a request that times out as that item failing, then completes it on the next run', async () => {
    teacher = await startOfflineTeacher({ faults: [{ type: 'hang', kind: 'answer', times: 1 }] });
    const dir = await project(teacher.url, { timeoutMs: 1000, maxRetries: 0 });
    const first = await runCli([...AUTO, '--project', dir]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/did not answer within 1 s/);
    expect(await statsOf(dir)).toMatchObject({ questions: 2, candidates: 1, failed: 1 });
    const second = await runCli([...AUTO, '--project', dir]);
    expect(second.code, second.stderr).toBe(0);
    expect(await statsOf(dir)).toMatchObject({ candidates: 2, failed: 0 });
  });

  it('rejects a wrong flag with exit 2 and a corrupt config with exit 1 naming the file', async () => {
    teacher = await startOfflineTeacher();
    const dir = await project(teacher.url);
    const wrongFlag = await runCli(['auto', '--project', dir, '--levels', 'many']);
    expect(wrongFlag.code).toBe(2);
    expect(wrongFlag.stderr).toMatch(/--levels must be a whole number/);
    await writeFile(join(dir, 'distill.json'), '{ "version": 1,');
    const corrupt = await runCli(['stats', '--project', dir]);
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
      const result = await runCli(
        ['auto', '--project', dir, '--levels', '1', '--tags-per-level', '3', '--questions-per-tag', '3', '--candidates', '4'],
        {},
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/auto stopped: 10 requests in a row failed, the last with: the teacher at .* failed with 503/);
      const answers = teacher.requests.filter((request) => request.kind === 'answer');
      expect(answers.length).toBeLessThan(36);
      expect(await statsOf(dir)).toMatchObject({ questions: 9, candidates: 0 });
      expect((await statsOf(dir)).failed).toBeGreaterThanOrEqual(10);
    } finally {
      await teacher.close();
    }
  });
});
