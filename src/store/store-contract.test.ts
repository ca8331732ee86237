import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCandidate } from '../core/testing/candidate-builder.js';
import { newProjectConfig } from '../core/project-config.js';
import type { Candidate } from '../core/types.js';
import { ProjectStore } from './project-store.js';
import type { ProjectStoreApi } from './store-api.js';
import { MemoryStore } from './testing/memory-store.js';

// The same behaviour from the file-backed store and the in-memory one that tests use in its place.

const config = () => newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' });
const folders: string[] = [];

const implementations: [string, () => Promise<ProjectStoreApi>][] = [
  [
    'ProjectStore',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'distill-contract-'));
      folders.push(dir);
      return ProjectStore.create(join(dir, 'project'), config());
    },
  ],
  ['MemoryStore', () => Promise.resolve(new MemoryStore(config()))],
];

afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function candidate(questionId: string, tagId: string, sample: number): Candidate {
  return buildCandidate({ questionId, tagId, sample });
}

describe.each(implementations)('%s', (_name, make) => {
  it('keeps a tree, questions, candidates, decisions and counts', async () => {
    const store = await make();
    const [endurance] = await store.addTags(null, ['Endurance', 'endurance ', 'a > b'], 'generated');
    const [marathon] = await store.addTags(endurance!.id, ['Marathon'], 'manual');
    expect(store.tags().map((tag) => tag.name)).toEqual(['Endurance', 'Marathon']);
    expect(store.tree.descendants(null).map((tag) => tag.id)).toEqual([endurance!.id, marathon!.id]);
    expect(store.promptPath(marathon!.id)).toEqual(['Sports science', 'Endurance', 'Marathon']);
    expect(store.findTag(['Sports science', 'endurance', 'MARATHON'])?.id).toBe(marathon!.id);
    expect(store.isLeaf(endurance!.id)).toBe(false);

    const questions = await store.addQuestions(marathon!.id, [{ text: 'What is 2+2?' }, { text: 'Why taper?' }], 'generated');
    await store.editQuestion(questions[1]!.id, '  Why do runners taper?  ');
    expect((await store.questions(marathon!.id)).map((question) => question.text)).toEqual(['What is 2+2?', 'Why do runners taper?']);

    const first = questions[0]!.id;
    await store.appendCandidates([candidate(first, marathon!.id, 0), candidate(first, marathon!.id, 1)]);
    await store.appendCandidates([candidate(first, marathon!.id, 1)]);
    expect((await store.candidatesOf(first)).map((each) => each.sample)).toEqual([0, 1]);

    await store.decide([
      { id: `${first}-0`, status: 'accepted' },
      { id: `${first}-1`, status: 'rejected', reason: 'too terse' },
    ]);
    await store.decide([{ id: `${first}-0`, status: 'pending' }]);
    expect([...(await store.decisions(marathon!.id)).entries()]).toEqual([
      [`${first}-1`, expect.objectContaining({ status: 'rejected', reason: 'too terse' })],
    ]);
    expect(store.counts(marathon!.id)).toEqual({ questions: 2, candidates: 2, accepted: 0, rejected: 1 });
    await expect(store.decide([{ id: `${first}-7`, status: 'accepted' }])).rejects.toThrow(/no candidate .*-7/);
    await store.close();
  });

  it("changes a tag's version stamps when its questions or candidates change, and only then", async () => {
    const store = await make();
    const [tag] = await store.addTags(null, ['Endurance'], 'generated');
    const empty = await store.versions(tag!.id);
    const [question] = await store.addQuestions(tag!.id, [{ text: 'Why taper?' }], 'generated');
    const added = await store.versions(tag!.id);
    expect(added.questions).not.toBe(empty.questions);
    expect(await store.versions(tag!.id)).toEqual(added);
    await store.editQuestion(question!.id, 'Why do runners taper?');
    const edited = await store.versions(tag!.id);
    expect(edited.questions).not.toBe(added.questions);
    expect(edited.candidates).toBe(added.candidates);
    await store.appendCandidates([candidate(question!.id, tag!.id, 0)]);
    const answered = await store.versions(tag!.id);
    expect(answered.candidates).not.toBe(edited.candidates);
    expect(answered.questions).toBe(edited.questions);
    await store.decide([{ id: `${question!.id}-0`, status: 'accepted' }]);
    expect(await store.versions(tag!.id)).toEqual(answered);
    await store.close();
  });

  it('tombstones and restores a subtree, refusing clashing names', async () => {
    const store = await make();
    const [endurance] = await store.addTags(null, ['Endurance'], 'generated');
    await store.addTags(endurance!.id, ['Marathon'], 'generated');
    await expect(store.renameTag(endurance!.id, 'x > y')).rejects.toThrow(/cannot contain '>'/);
    await store.deleteTag(endurance!.id);
    expect(store.tags()).toEqual([]);
    await store.restoreTag(endurance!.id);
    expect(store.tags().map((tag) => tag.name)).toEqual(['Endurance', 'Marathon']);
    await store.close();
  });

  it('merges failures, updates rules and holds one generation at a time', async () => {
    const store = await make();
    const at = new Date().toISOString();
    await store.updateFailures([{ stage: 'answers', target: 'a', reason: '500', at, attempts: 2 }], []);
    await store.updateFailures(
      [
        { stage: 'answers', target: 'a', reason: '500', at, attempts: 1 },
        { stage: 'tags', target: 'b', reason: 'x', at, attempts: 1 },
      ],
      [],
    );
    await store.updateFailures([], ['b']);
    expect((await store.failures()).map((failure) => [failure.target, failure.attempts])).toEqual([['a', 3]]);

    await store.updateRules({ ...store.config.rules, keepPerQuestion: 2 });
    expect(store.config.rules).toMatchObject({ keepPerQuestion: 2 });

    const lock = await store.acquireGenerationLock('distill auto');
    await expect(store.acquireGenerationLock('distill auto')).rejects.toThrow(/already running/);
    await lock.release();
    await (await store.acquireGenerationLock('distill auto')).release();
    await store.close();
  });
});
