// The worker-thread path of the export runs compiled code (workers cannot load TypeScript), so this
// test drives dist/ as `npm test` builds it and compares it with the main-thread export of src/.
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { buildCandidates } from '../src/core/testing/candidate-builder.js';
import { newProjectConfig } from '../src/core/project-config.js';
import { exportAccepted } from '../src/export/export-accepted.js';
import { readManifest } from '../src/export/read-manifest.js';
import { ProjectStore } from '../src/store/project-store.js';
import { stringContaining } from './support/matchers.js';

const COMPILED = fileURLToPath(new URL('../dist/export/export-accepted.js', import.meta.url));

async function projectWithManyTags(): Promise<ProjectStore> {
  const dir = await mkdtemp(join(tmpdir(), 'distill-export-workers-'));
  const store = await ProjectStore.create(join(dir, 'p'), newProjectConfig({ topic: 'Nutrition', baseUrl: 'offline' }));
  const tags = await store.addTags(
    null,
    Array.from({ length: 9 }, (_, i) => `Area ${i}`),
    'generated',
  );
  for (const [t, tag] of tags.entries()) {
    // Uneven tags, so workers finish out of order.
    const questions = await store.addQuestions(
      tag.id,
      Array.from({ length: 3 + ((t * 7) % 11) }, (_, i) => ({ text: `Q${i} of ${tag.name}: 为什么?` })),
      'generated',
    );
    const candidates = questions.flatMap((question) =>
      buildCandidates(question, 2, (sample) => ({
        reasoning: `trace ${sample} `.repeat(200 * (t + 1)),
        answer: `answer ${sample} to ${question.text}`,
      })),
    );
    await store.appendCandidates(candidates);
    await store.decide(candidates.filter((c) => c.sample === 0 || t % 2 === 0).map((c) => ({ id: c.id, status: 'accepted' as const })));
  }
  return store;
}

/** The candidate ids of the manifest's entries for one file role ('t' or 'v'), in order. */
async function entryIds(manifestPath: string, role: 't' | 'v'): Promise<string[]> {
  const { manifest } = await readManifest(manifestPath);
  return manifest.entries.filter((entry) => entry[2] === role).map((entry) => entry[0]);
}

describe('export on worker threads', () => {
  it('writes the same files as the main-thread export', async () => {
    expect(existsSync(COMPILED), 'dist/ is missing: run npm run build (npm test does it first)').toBe(true);
    const compiled = (await import(COMPILED)) as { exportAccepted: typeof exportAccepted };
    const store = await projectWithManyTags();
    const out = await mkdtemp(join(tmpdir(), 'distill-export-workers-out-'));
    const options = { format: 'sharegpt' as const, split: 0.8, seed: 5, maxPerTag: 12, tagField: 'tag', now: () => new Date(0) };
    const inline = await exportAccepted(store, { ...options, out: join(out, 'inline', 'data.jsonl'), workers: 0 });
    const threaded = await compiled.exportAccepted(store, { ...options, out: join(out, 'threads', 'data.jsonl'), workers: 2 });
    expect(inline.workers).toBe(0);
    expect(threaded.workers).toBe(2);
    expect(threaded.records).toBeGreaterThan(0);
    for (const name of ['data.jsonl', 'data.val.jsonl']) {
      expect(await readFile(join(out, 'threads', name), 'utf8')).toBe(await readFile(join(out, 'inline', name), 'utf8'));
    }
    expect(threaded.manifest.tags).toEqual(inline.manifest.tags);
    expect(threaded.manifest.records).toBe(inline.manifest.records);
  });

  it('writes the same Parquet rows and manifest for --for hf', async () => {
    const compiled = (await import(COMPILED)) as { exportAccepted: typeof exportAccepted };
    const store = await projectWithManyTags();
    const out = await mkdtemp(join(tmpdir(), 'distill-export-workers-out-'));
    const options = { target: 'hf' as const, format: 'messages' as const, split: 0.8, seed: 5, ids: true, now: () => new Date(0) };
    const inline = await exportAccepted(store, { ...options, out: join(out, 'inline'), workers: 0 });
    const threaded = await compiled.exportAccepted(store, { ...options, out: join(out, 'threads'), workers: 2 });
    expect(threaded.workers).toBe(2);
    for (const name of ['train-00000-of-00001.parquet', 'validation-00000-of-00001.parquet']) {
      const rows = async (folder: string) => {
        const bytes = await readFile(join(out, folder, 'data', name));
        return parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) });
      };
      const threadedRows = await rows('threads');
      expect(threadedRows.length).toBeGreaterThan(0);
      expect(threadedRows).toEqual(await rows('inline'));
    }
    expect(threaded.bytes).toBe(inline.bytes);
    expect(await readFile(join(out, 'threads', 'README.md'), 'utf8')).toBe(await readFile(join(out, 'inline', 'README.md'), 'utf8'));
  });

  it('cuts a big --for hf export into the same shard files with or without workers, in tag order', async () => {
    const compiled = (await import(COMPILED)) as { exportAccepted: typeof exportAccepted };
    const store = await projectWithManyTags();
    const out = await mkdtemp(join(tmpdir(), 'distill-export-workers-out-'));
    // Shards of ~20 candidates: several files per split, encoded by two workers at once.
    const options = {
      target: 'hf' as const,
      format: 'messages' as const,
      split: 0.8,
      seed: 5,
      ids: true,
      shardRecords: 20,
      now: () => new Date(0),
    };
    const inline = await exportAccepted(store, { ...options, out: join(out, 'inline'), workers: 0 });
    const threaded = await compiled.exportAccepted(store, { ...options, out: join(out, 'threads'), workers: 2 });
    const names = (await readdir(join(out, 'inline', 'data'))).sort();
    expect(names.filter((name) => name.startsWith('train-')).length).toBeGreaterThan(2);
    expect((await readdir(join(out, 'threads', 'data'))).sort()).toEqual(names);
    const rowsOf = async (folder: string, split: string) => {
      const rows: Record<string, unknown>[] = [];
      for (const name of names.filter((file) => file.startsWith(`${split}-`))) {
        const bytes = await readFile(join(out, folder, 'data', name));
        rows.push(...(await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) })));
      }
      return rows;
    };
    for (const split of ['train', 'validation']) {
      const threadedRows = await rowsOf('threads', split);
      expect(threadedRows).toEqual(await rowsOf('inline', split));
      // Read in name order, the files give the records in the manifest's order (tag order).
      const role = split === 'train' ? 't' : 'v';
      expect(threadedRows.map((row) => row.id)).toEqual(await entryIds(threaded.manifestPath, role));
    }
    expect(threaded.records).toBe(inline.records);
    expect(threaded.bytes).toBe(inline.bytes);
  });

  for (const [what, options] of [
    ['jsonl', { format: 'alpaca' as const, out: 'data.jsonl' }],
    ['--for hf', { target: 'hf' as const, format: 'messages' as const, out: 'hub', shardRecords: 20 }],
  ] as const) {
    it(`fails with the name of a corrupt shard and leaves no partial file (${what})`, async () => {
      const compiled = (await import(COMPILED)) as { exportAccepted: typeof exportAccepted };
      const store = await projectWithManyTags();
      const shard = join(store.dir, 'data', 'candidates', `${store.tags()[4]!.id}.jsonl`);
      await appendFile(shard, '{"id": broken\n');
      const out = await mkdtemp(join(tmpdir(), 'distill-export-workers-out-'));
      await expect(compiled.exportAccepted(store, { ...options, out: join(out, options.out), workers: 2 })).rejects.toMatchObject({
        name: 'ExportError',
        message: stringContaining(shard),
      });
      expect(await readdir(out)).toEqual([]);
    });
  }
});
