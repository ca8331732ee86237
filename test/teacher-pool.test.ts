// Several teachers at once, end to end through the CLI, the real SDK and loopback servers.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectStats } from '../src/cli/commands/stats.js';
import type { ProjectConfig } from '../src/core/types.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { readStoredCandidates } from './support/project-files.js';
import { parseJson } from './support/json.js';
import { tempDir } from './support/run-cli.js';
import { runMain } from './support/run-main.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function stats(dir: string): Promise<ProjectStats> {
  const result = await runMain(['stats', '--json', '--project', dir]);
  expect(result.code, result.stderr).toBe(0);
  return parseJson<ProjectStats>(result.stdout);
}

async function init(baseUrl: string, extra: string[] = []): Promise<string> {
  const dir = join(await tempDir(), 'p');
  const result = await runMain(['init', dir, '--topic', 'Sports science', '--base-url', baseUrl, ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return dir;
}

async function patchConfig(dir: string, change: (config: ProjectConfig) => ProjectConfig): Promise<void> {
  const file = join(dir, 'distill.json');
  await writeFile(file, JSON.stringify(change(parseJson<ProjectConfig>(await readFile(file, 'utf8')))));
}

const servers: OfflineTeacher[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function teacher(options: Parameters<typeof startOfflineTeacher>[0] = {}): Promise<OfflineTeacher> {
  const started = await startOfflineTeacher(options);
  servers.push(started);
  return started;
}

describe('a pool of three teachers, one of them dead', () => {
  it('spreads the candidates by weight over the two live ones, says so once about the dead one, and compares them in stats', async () => {
    const first = await teacher();
    const second = await teacher();
    const deadUrl = `http://127.0.0.1:${await freePort()}/v1`;
    // A slot for every request of a tag at once: with nothing waiting, nothing is worth moving to the
    // teacher with a free slot, so the spread is the weights' however loaded the machine is.
    const dir = await init(first.url, ['--concurrency', '32']);
    await patchConfig(dir, (config) => ({ ...config, teachers: config.teachers!.map((each) => ({ ...each, weight: 2 })) }));
    for (const [name, url] of [
      ['second', second.url],
      ['dead', deadUrl],
    ]) {
      const added = await runMain(['teacher', 'add', name!, '--base-url', url!, '--model', `${name}-model`, '--project', dir]);
      expect(added.code, added.stderr).toBe(0);
    }
    const listed = await runMain(['teacher', 'list', '--json', '--project', dir]);
    expect(parseJson<{ teachers: { name: string; weight: number; roles: string[] }[] }>(listed.stdout).teachers).toMatchObject([
      { name: 'default', weight: 2, roles: ['questions', 'answers', 'judge'] },
      { name: 'second', weight: 1, roles: ['answers'] },
      { name: 'dead', weight: 1, roles: ['answers'] },
    ]);

    const args = ['auto', '--levels', '1', '--tags-per-level', '3', '--questions-per-tag', '4', '--candidates', '4', '--max-retries', '0'];
    const run = await runMain([...args, '--project', dir]);
    expect(run.code, run.stderr).toBe(0);
    const downLines = run.stderrLines.filter((line) => line.text.includes('stopped taking work'));
    expect(downLines).toHaveLength(1);
    expect(downLines[0]!.text).toMatch(
      /^teacher "dead" stopped taking work: cannot reach the teacher at .*; its share goes to "default", "second"/,
    );

    const figures = await stats(dir);
    expect(figures).toMatchObject({ questions: 12, candidates: 48 });
    expect(Object.keys(figures.teachers).sort()).toEqual(['default', 'second']);
    const { default: big, second: small } = figures.teachers;
    expect(big!.candidates + small!.candidates).toBe(48);
    // Weights 2 : 1 among the live ones (the dead one's share went to both).
    expect(big!.candidates / 48).toBeGreaterThan(0.55);
    expect(big!.candidates / 48).toBeLessThan(0.8);
    for (const each of [big!, small!]) {
      expect(each.tokens).toBeGreaterThan(0);
      expect(each.passing).toBeLessThanOrEqual(each.candidates);
      expect(each).toMatchObject({ accepted: 0, cost: null });
    }
    const candidates = await readStoredCandidates(dir);
    for (const candidate of candidates) expect(candidate.model).toBe(candidate.teacher === 'default' ? 'gpt-4o-mini' : 'second-model');

    // Accepting shows up per teacher; a second run finds nothing missing.
    const accepted = await runMain(['accept', '--passing', '--project', dir]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const after = await stats(dir);
    expect(after.teachers['default']!.accepted + after.teachers['second']!.accepted).toBe(after.status.accepted);
    const again = await runMain([...args, '--project', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/answers 0\/0, 48 already done/);
  });
});
