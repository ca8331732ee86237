// `distill select` on a demo project, end to end: the same seed gives the same 20, spread within one
// of uniform over the leaf tags; `export --selection` writes exactly those 20 in every target's
// format; `list --selection` lists them; a name that is not stored is a one-line error naming those that are.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoProject, DEMO_GENERATION } from '../src/cli/commands/demo.js';
import { runGenerationCommand } from '../src/cli/generation-command.js';
import { readManifest } from '../src/export/read-manifest.js';
import { runAuto } from '../src/pipeline/run-generation.js';
import { runMain, statsInProcess } from './support/run-main.js';

let dir: string;

interface SelectJson {
  items: { id: string; questionId: string; group: string }[];
  funnel: { questions: number; selected: number };
}

async function select(...args: string[]): Promise<SelectJson> {
  const result = await runMain(['select', '--project', dir, '--json', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as SelectJson;
}

async function jsonLines(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'distill-select-')), 'project');
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: process.env, cwd: dir };
  io.stdout.resume();
  io.stderr.resume();
  await (await createDemoProject(dir, 'en')).close();
  await runGenerationCommand('auto', { project: dir, json: true }, io, (ctx) => runAuto(ctx, DEMO_GENERATION));
}, 300_000);

describe('select, then export and list the selection', () => {
  it('gives the same 20 for the same seed, spread within one of uniform over the leaf tags', async () => {
    const first = await select('--budget', '20', '--seed', '1', '--name', 'twenty');
    const again = await select('--budget', '20', '--seed', '1', '--name', 'twenty-again');
    expect(first.items).toHaveLength(20);
    expect(again.items.map((item) => item.id)).toEqual(first.items.map((item) => item.id));
    expect(new Set(first.items.map((item) => item.questionId)).size).toBe(20);
    const perTag = new Map<string, number>();
    for (const item of first.items) perTag.set(item.group, (perTag.get(item.group) ?? 0) + 1);
    const counts = [...perTag.values()];
    expect(perTag.size).toBe(DEMO_GENERATION.tagsPerLevel ** DEMO_GENERATION.levels);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    const other = await select('--budget', '20', '--seed', '2', '--name', 'other-seed');
    expect(other.items.map((item) => item.id)).not.toEqual(first.items.map((item) => item.id));
  });

  it('exports exactly the selected candidates, whatever the reviewers accepted, for every target', async () => {
    const { items } = await select('--budget', '20', '--seed', '1', '--name', 'twenty');
    const wanted = items.map((item) => item.id).sort();
    // Nothing is accepted: a plain export has nothing to write, the selection's export has its 20.
    const plain = await runMain(['export', '--project', dir, '--format', 'messages', '--out', join(dir, 'out', 'plain.jsonl')]);
    expect(plain.code).toBe(1);
    for (const target of ['llama-factory', 'trl', 'openai', 'hf'] as const) {
      const out = join(dir, 'out', target === 'hf' ? 'hf' : `${target}.jsonl`);
      const result = await runMain(['export', '--project', dir, '--selection', 'twenty', '--for', target, '--out', out]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      // The manifest lists every record written, by candidate id.
      const { manifest } = await readManifest(out);
      expect(manifest.records).toBe(20);
      expect(manifest.entries.map(([id]) => id).sort()).toEqual(wanted);
      expect(manifest.options.selection).toBe('twenty');
      if (target !== 'hf') expect(await jsonLines(out)).toHaveLength(20);
    }
    const withIds = join(dir, 'out', 'ids.jsonl');
    expect(
      (await runMain(['export', '--project', dir, '--selection', 'twenty', '--format', 'sharegpt', '--ids', '--out', withIds])).code,
    ).toBe(0);
    expect((await jsonLines(withIds)).map((record) => record.id as string).sort()).toEqual(wanted);
  });

  it('leaves out a selected candidate a reviewer rejected since, and says so', async () => {
    const { items } = await select('--budget', '20', '--seed', '1', '--name', 'rejected-one');
    const rejected = items[0]!.id;
    expect((await runMain(['reject', rejected, '--project', dir, '--reason', 'wrong units'])).code).toBe(0);
    const out = join(dir, 'out', 'after-reject.jsonl');
    const result = await runMain(['export', '--project', dir, '--selection', 'rejected-one', '--format', 'alpaca', '--ids', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/1 of selection rejected-one's 20 candidates were left out/);
    const ids = (await jsonLines(out)).map((record) => record.id);
    expect(ids).toHaveLength(19);
    expect(ids).not.toContain(rejected);
    expect((await runMain(['undo', '--project', dir])).code).toBe(0);
  });

  it("never selects a candidate a reviewer rejected before, and draws its question's next passing one instead", async () => {
    const { items } = await select('--budget', '20', '--seed', '1', '--name', 'before-reject');
    const rejected = items[0]!;
    expect((await runMain(['reject', rejected.id, '--project', dir, '--reason', 'wrong units'])).code).toBe(0);
    const after = await select('--budget', '27', '--seed', '1', '--name', 'after-reject');
    expect(after.items.map((item) => item.id)).not.toContain(rejected.id);
    const file = JSON.parse(await readFile(join(dir, 'data', 'selections', 'after-reject.json'), 'utf8')) as {
      out: Record<string, string>;
    };
    const sameQuestion = after.items.find((item) => item.questionId === rejected.questionId);
    if (!sameQuestion) expect(file.out[rejected.questionId]).toBe('no passing candidate');
    expect((await runMain(['undo', '--project', dir])).code).toBe(0);
    const undone = await select('--budget', '20', '--seed', '1', '--name', 'after-undo');
    expect(undone.items.map((item) => item.id)).toEqual(items.map((item) => item.id));
  });

  it('reports the spread over tags, difficulty and length in stats', async () => {
    await select('--budget', '20', '--seed', '1', '--name', 'twenty');
    const stats = await statsInProcess(dir);
    const spread = stats.selections!.twenty!;
    expect(spread.selected).toBe(20);
    expect(spread.tags).toHaveLength(9);
    expect(spread.tags.reduce((sum, entry) => sum + entry.count, 0)).toBe(20);
    for (const entry of spread.tags) expect([2, 3]).toContain(entry.count);
    expect(Object.values(spread.teacherDifficulty).reduce((sum, count) => sum + count, 0)).toBe(20);
    expect(spread.length.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(20);
    expect(spread.studentDifficulty).toBeNull();
    const text = await runMain(['stats', '--project', dir]);
    expect(text.stdout).toMatch(/selection {3}twenty: 20 of 27 questions \(budget 20, seed 1\)/);
  });

  it('lists exactly the selected candidates', async () => {
    const { items } = await select('--budget', '20', '--seed', '1', '--name', 'twenty');
    const result = await runMain(['list', '--project', dir, '--selection', 'twenty', '--json']);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { id: string });
    expect(rows.map((row) => row.id).sort()).toEqual(items.map((item) => item.id).sort());
  });

  it('names the stored selections when asked for one that is not', async () => {
    for (const args of [
      ['export', '--selection', 'nope', '--format', 'messages', '--out', join(dir, 'out', 'nope.jsonl')],
      ['list', '--selection', 'nope'],
    ]) {
      const result = await runMain([...args, '--project', dir]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/no selection named "nope" in this project \(selections: .*other-seed.*twenty\b/);
    }
  });
});
