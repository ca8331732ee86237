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

  interface Written {
    header: { version: number; chars: number; tags: string[]; totals: number[]; log?: object };
    entries: unknown[];
  }

  /** The cache as written (version 4: a header line, then the entries). */
  async function written(): Promise<Written> {
    const text = await readFile(cacheFile, 'utf8');
    const newline = text.indexOf('\n');
    expect(newline).toBeGreaterThan(0);
    return { header: JSON.parse(text.slice(0, newline)) as Written['header'], entries: JSON.parse(text.slice(newline + 1)) as unknown[] };
  }

  /** The tag's candidates count replaced, in the header's totals and in its entry: a reader that uses the file shows it. */
  function withCandidateCount({ header, entries }: Written, tagId: string, count: number): Written {
    const at = entries.findIndex((value) => value === `candidates/${tagId}`);
    entries[at + 3] = { candidates: count };
    header.totals[header.tags.indexOf(tagId) * 4 + 1] = count;
    return { header, entries };
  }

  function text({ header, entries }: Written): string {
    const line = JSON.stringify(entries);
    return `${JSON.stringify({ ...header, chars: line.length })}\n${line}`;
  }

  it('is read back (no recount) from its header, and from its entries once they are needed', async () => {
    const tagId = await seeded();
    const file = await written();
    expect(file.header.version).toBe(4);
    await writeFile(cacheFile, text(withCandidateCount(file, tagId, 7)));
    const store = await ProjectStore.open(dir);
    expect(store.counts(tagId).candidates).toBe(7);
    // A refresh checks entries against their files (parsing them): sizes and times match, the count stands.
    await store.refresh();
    expect(store.counts(tagId)).toMatchObject({ questions: 1, candidates: 7 });
    await store.close();
  });

  it('reads the single-line forms of earlier versions (flat, then keyed) and rewrites them as version 4', async () => {
    const tagId = await seeded();
    const { header, entries } = withCandidateCount(await written(), tagId, 5);
    await writeFile(cacheFile, JSON.stringify({ version: 3, log: header.log, entries }));
    let store = await ProjectStore.open(dir);
    expect(store.counts(tagId).candidates).toBe(5);
    await store.close();
    expect((await written()).header.version).toBe(4);

    const shards: Record<string, object> = {};
    for (let at = 0; at < entries.length; at += 6) {
      const [key, size, mtimeMs, counts, deps, basis] = entries.slice(at, at + 6);
      shards[key as string] = { size, mtimeMs, counts, ...(deps ? { deps } : {}), ...(basis ? { basis } : {}) };
    }
    await writeFile(cacheFile, JSON.stringify({ version: 2, log: header.log, shards }));
    store = await ProjectStore.open(dir);
    expect(store.counts(tagId).candidates).toBe(5);
    await store.close();
    expect((await written()).header.version).toBe(4);
  });

  it('is rebuilt from the shards when it is cut short or its entries are unreadable', async () => {
    const tagId = await seeded();
    const file = withCandidateCount(await written(), tagId, 7);
    await writeFile(cacheFile, text(file).slice(0, -1));
    let store = await ProjectStore.open(dir);
    expect(store.counts(tagId)).toMatchObject({ questions: 1, candidates: 3 });
    await store.close();

    // Whole (the length the header gives) but not JSON: the header answers until the entries are needed, then a recount.
    const whole = text(withCandidateCount(await written(), tagId, 7));
    await writeFile(cacheFile, whole.replace(/\]$/, '}'));
    store = await ProjectStore.open(dir);
    await store.refresh();
    expect(store.counts(tagId)).toMatchObject({ questions: 1, candidates: 3 });
    await store.close();
  });
});
