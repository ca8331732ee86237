import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectStats } from '../src/cli/commands/stats.js';
import { main } from '../src/cli/main.js';
import { ProjectStore } from '../src/store/project-store.js';
import { canMountSmallDisk, SmallDisk } from '../src/store/testing/small-disk.js';
import { cliEnv } from './support/run-cli.js';

async function distill(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, env: cliEnv(), cwd: process.cwd() });
  return { code, stdout: out, stderr: err };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** Every JSON-lines file of the project holds whole lines only (blank ones aside). */
async function expectNoCorruptFile(project: string): Promise<void> {
  for (const file of await filesUnder(join(project, 'data'))) {
    const text = await readFile(file, 'utf8');
    if (file.endsWith('.jsonl')) {
      expect(text.endsWith('\n') || text === '', `${file} ends a line`).toBe(true);
      for (const line of text.split('\n').filter((each) => each.trim() !== ''))
        expect(() => JSON.parse(line) as unknown, file).not.toThrow();
    } else if (file.endsWith('.json')) {
      expect(() => JSON.parse(text) as unknown, file).not.toThrow();
    }
  }
}

/** The store's counters as another process reads them (no checks involved). */
async function countsOnDisk(project: string): Promise<{ candidates: number; accepted: number }> {
  const store = await ProjectStore.open(project);
  let candidates = 0;
  let accepted = 0;
  for (const tag of store.tags()) {
    candidates += store.counts(tag.id).candidates;
    accepted += store.counts(tag.id).accepted;
  }
  await store.close();
  return { candidates, accepted };
}

describe.skipIf(!canMountSmallDisk)('distill on a disk that fills up (a real 1 MB tmpfs)', () => {
  let disk: SmallDisk;
  beforeEach(async () => {
    disk = await SmallDisk.mount(1024);
  });
  afterEach(async () => {
    await disk.unmount();
  });

  it('stops generation and review with "disk full: FILE", keeps what was acknowledged, and goes on when space is back', async () => {
    const project = join(disk.dir, 'sports');
    expect((await distill(['init', project, '--topic', 'Sports science', '--base-url', 'offline'])).code).toBe(0);
    const sizes = ['--levels', '2', '--tags-per-level', '3', '--questions-per-tag', '3', '--candidates', '4'];
    await disk.fill();
    // Room for the tree, the questions and part of the answers only.
    await disk.release(120 * 1024);

    const auto = await distill(['auto', '--project', project, ...sizes]);
    expect(auto.code).toBe(1);
    // The run stops on the project file that did not fit, not on what it tried to save after.
    expect(auto.stderr).toMatch(/^distill: disk full: \S+\/(data|locks)\/\S+ \(free some space/m);
    expect(auto.stderr).not.toMatch(/internal error/);
    await expectNoCorruptFile(project);

    // Review on the full disk: a read-only command works, a decision either lands or says why.
    const before = await countsOnDisk(project);
    expect(before.candidates).toBeGreaterThan(0);
    expect(before.candidates).toBeLessThan(108);
    const listed = await Promise.all(
      (await readdir(join(project, 'data', 'candidates')))
        .filter((name) => name.endsWith('.jsonl'))
        .map(async (name) => (await readFile(join(project, 'data', 'candidates', name), 'utf8')).split('\n').filter((line) => line.trim())),
    );
    const ids = listed.flat().map((line) => (JSON.parse(line) as { id: string }).id);
    const acknowledged: string[] = [];
    for (const id of ids) {
      const accept = await distill(['accept', id, '--project', project]);
      if (accept.code === 0) acknowledged.push(id);
      else expect(accept.stderr).toMatch(/^distill: disk full: \S+/);
    }
    expect((await countsOnDisk(project)).accepted).toBe(acknowledged.length);
    const during = await distill(['stats', '--json', '--project', project]);
    // TODO(issue 15 §1, checks side): stats must also work here once the checks' feature caches are
    // optional; until then it may only fail by naming the checks cache that did not fit.
    if (during.code !== 0) expect(during.stderr).toMatch(/^distill: disk full: \S+\/cache\/checks\//);
    else expect((JSON.parse(during.stdout) as ProjectStats).status.accepted).toBe(acknowledged.length);
    await expectNoCorruptFile(project);

    await disk.free();
    const again = await distill(['auto', '--project', project, ...sizes]);
    expect(again.code, again.stderr).toBe(0);
    expect((await distill(['check', '--project', project])).code).toBe(0);
    const after = JSON.parse((await distill(['stats', '--json', '--project', project])).stdout) as ProjectStats;
    expect(after).toMatchObject({ tags: 12, leafTags: 9, questions: 27, candidates: 108 });
    expect(after.status.accepted).toBe(acknowledged.length);
    expect((await distill(['accept', '--passing', '--project', project])).code).toBe(0);
    const exported = await distill(['export', '--format', 'alpaca', '--out', join(project, 'out', 'a.jsonl'), '--project', project]);
    expect(exported.code, exported.stderr).toBe(0);
    await expectNoCorruptFile(project);
    const leftovers = (await filesUnder(project)).filter((file) => file.endsWith('.tmp') || file.endsWith('.lock'));
    expect(leftovers).toEqual([]);
  });
});
