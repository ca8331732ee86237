import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCandidate } from '../core/testing/candidate-builder.js';
import { newProjectConfig } from '../core/project-config.js';
import type { Candidate } from '../core/types.js';
import { ProjectStore } from './project-store.js';
import { canMountSmallDisk, SmallDisk } from './testing/small-disk.js';

function candidate(questionId: string, tagId: string, sample: number, answerBytes = 200): Candidate {
  return buildCandidate({ questionId, tagId, sample, reasoning: 'Because.', answer: 'x'.repeat(answerBytes) });
}

/** Every line of a JSON-lines file parses or is blank: nothing torn in the middle. */
async function wholeLines(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

describe.skipIf(!canMountSmallDisk)('a full disk (a real 1 MB tmpfs)', () => {
  let disk: SmallDisk;

  beforeEach(async () => {
    disk = await SmallDisk.mount(1024);
  });
  afterEach(async () => {
    await disk.unmount();
  });

  async function seeded() {
    const dir = join(disk.dir, 'project');
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
    const [tag] = await store.addTags(null, ['Endurance'], 'generated');
    const questions = await store.addQuestions(tag!.id, [{ text: 'Why taper?' }, { text: 'What is VO2max?' }], 'generated');
    await store.appendCandidates([candidate(questions[0]!.id, tag!.id, 0), candidate(questions[0]!.id, tag!.id, 1)]);
    return { dir, store, tagId: tag!.id, questionIds: questions.map((question) => question.id) };
  }

  it('refuses an append that does not fit with "disk full: FILE", leaves no half line, and goes on once space is back', async () => {
    const { dir, store, tagId, questionIds } = await seeded();
    const candidatesFile = join(dir, 'data', 'candidates', `${tagId}.jsonl`);
    await store.decide([{ id: `${questionIds[0]}-0`, status: 'accepted' }]);
    await disk.fill();

    // Larger than what is left of the file's last page: part of it is written, then ENOSPC.
    const big = candidate(questionIds[1]!, tagId, 0, 20_000);
    await expect(store.appendCandidates([big])).rejects.toThrow(`disk full: ${candidatesFile}`);
    const acknowledged: string[] = [`${questionIds[0]}-0`];
    for (let i = 0; i < 200; i++) {
      const id = `${questionIds[0]}-${i % 2}`;
      try {
        await store.decide([{ id, status: i % 3 === 0 ? 'rejected' : 'accepted', reason: 'r'.repeat(i * 10) }]);
        acknowledged.push(id);
      } catch (error) {
        expect(String(error)).toContain('disk full:');
      }
    }
    // Another process reads every file whole, on the full disk.
    const reader = await ProjectStore.open(dir);
    expect(await reader.candidates(tagId)).toHaveLength(2);
    expect([...(await reader.decisions(tagId)).keys()].sort()).toEqual([...new Set(acknowledged)].sort());
    expect(reader.counts(tagId)).toMatchObject({ questions: 2, candidates: 2 });
    await reader.close();

    await disk.free();
    await store.appendCandidates([big]);
    await store.decide([{ id: big.id, status: 'accepted' }]);
    await store.close();
    const reopened = await ProjectStore.open(dir);
    expect((await reopened.candidates(tagId)).map((each) => each.id)).toEqual([`${questionIds[0]}-0`, `${questionIds[0]}-1`, big.id]);
    expect((await reopened.decisions(tagId)).get(big.id)?.status).toBe('accepted');
    expect(await wholeLines(candidatesFile)).toHaveLength(3);
    // Undone by the writer that failed: no torn line was left for anyone to set aside.
    expect(reopened.warnings).toEqual([]);
    const dataFiles = [...(await readdir(join(dir, 'data', 'candidates'))), ...(await readdir(join(dir, 'data', 'decisions')))];
    expect(dataFiles.filter((name) => name.endsWith('.torn'))).toEqual([]);
    await reopened.close();
  });

  it('keeps locks whole: a lock that cannot be written is not left behind empty', async () => {
    const { dir, store } = await seeded();
    await disk.fill();
    await expect(store.acquireGenerationLock('distill auto')).rejects.toThrow(/disk full: .*generate\.lock/);
    expect((await readdir(join(dir, 'locks')).catch(() => [])).filter((name) => !name.endsWith('.tmp'))).toEqual([]);
    await disk.free();
    const lock = await store.acquireGenerationLock('distill auto');
    expect(JSON.parse(await readFile(join(dir, 'locks', 'generate.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
    await store.close();
  });

  it('names the file of a tag change that does not fit and keeps the tree as it was', async () => {
    const { dir, store, tagId } = await seeded();
    await disk.fill();
    const names = Array.from({ length: 400 }, (_, i) => `Tag number ${i}`);
    await expect(store.addTags(null, names, 'generated')).rejects.toThrow(/disk full: .*tags\.lock/);
    // Room for the lock, not for the new tree.
    await disk.release(8192);
    await expect(store.addTags(null, names, 'generated')).rejects.toThrow(/disk full: .*tags\.json/);
    expect((await readdir(join(dir, 'data'))).filter((name) => name.endsWith('.tmp') || name.startsWith('.'))).toEqual([]);
    await store.close();
    const reopened = await ProjectStore.open(dir);
    expect(reopened.tags().map((tag) => tag.id)).toEqual([tagId]);
    await reopened.close();
  });
});
