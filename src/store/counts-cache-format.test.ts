import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newProjectConfig } from '../core/project-config.js';
import { buildCandidates } from '../core/testing/candidate-builder.js';
import { ProjectStore } from './project-store.js';

describe('the counters cache file (cache/counts.json)', () => {
  let dir: string;
  let cacheFile: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'distill-counts-cache-')), 'project');
    cacheFile = join(dir, 'cache', 'counts.json');
  });
  afterEach(async () => rm(join(dir, '..'), { recursive: true, force: true }));

  async function seeded(): Promise<string> {
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
    const [tag] = await store.addTags(null, ['Endurance'], 'generated');
    const [question] = await store.addQuestions(tag!.id, [{ text: 'Why taper before a marathon?' }], 'generated');
    await store.appendCandidates(buildCandidates(question!, 3));
    await store.close();
    return tag!.id;
  }

  /** The cache as written, with the tag's candidates count replaced: a reader that uses the file shows it. */
  async function withCandidateCount(
    count: number,
  ): Promise<{ version: number; entries?: unknown[]; shards?: Record<string, { counts: object }> }> {
    const file = JSON.parse(await readFile(cacheFile, 'utf8')) as { version: number; entries: unknown[] };
    expect(file.version).toBe(3);
    const at = file.entries.findIndex((value) => typeof value === 'string' && value.startsWith('candidates/'));
    file.entries[at + 3] = { candidates: count };
    return file;
  }

  it('is read back (no recount) in its compact form and in the keyed form of earlier versions, which it then rewrites', async () => {
    const tagId = await seeded();
    // A cached count that disagrees with the file shows that the cache, not a recount, answered.
    await writeFile(cacheFile, JSON.stringify(await withCandidateCount(7)));
    let store = await ProjectStore.open(dir);
    expect(store.counts(tagId).candidates).toBe(7);
    await store.close();

    const flat = await withCandidateCount(5);
    const entries = flat.entries!;
    const shards: Record<string, object> = {};
    for (let at = 0; at < entries.length; at += 6) {
      const [key, size, mtimeMs, counts, deps, basis] = entries.slice(at, at + 6);
      shards[key as string] = { size, mtimeMs, counts, ...(deps ? { deps } : {}), ...(basis ? { basis } : {}) };
    }
    const { entries: _dropped, ...rest } = flat;
    await writeFile(cacheFile, JSON.stringify({ ...rest, version: 2, shards }));
    store = await ProjectStore.open(dir);
    expect(store.counts(tagId).candidates).toBe(5);
    await store.close();
    expect((JSON.parse(await readFile(cacheFile, 'utf8')) as { version: number }).version).toBe(3);
  });

  it('is rebuilt from the shards when it is damaged', async () => {
    const tagId = await seeded();
    const file = await withCandidateCount(7);
    await writeFile(cacheFile, JSON.stringify({ ...file, entries: file.entries!.slice(0, -1) }));
    const store = await ProjectStore.open(dir);
    expect(store.counts(tagId)).toMatchObject({ questions: 1, candidates: 3 });
    await store.close();
  });
});
