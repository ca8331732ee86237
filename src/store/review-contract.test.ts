import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newProjectConfig } from '../core/project-config.js';
import type { Candidate } from '../core/types.js';
import { ProjectStore } from './project-store.js';
import type { ProjectStoreApi } from './store-api.js';
import { MemoryStore } from './testing/memory-store.js';

// Reviewers, undo, edits and double review weigh the same in the file-backed store and in the
// in-memory one that tests of the TUI and checks use in its place.

const config = () => newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' });
const folders: string[] = [];

const implementations: [string, () => Promise<ProjectStoreApi>][] = [
  [
    'ProjectStore',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'distill-review-contract-'));
      folders.push(dir);
      return ProjectStore.create(join(dir, 'project'), config(), { reviewer: 'alice' });
    },
  ],
  ['MemoryStore', () => Promise.resolve(new MemoryStore(config(), { reviewer: 'alice' }))],
];

afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function candidate(questionId: string, tagId: string, sample: number): Candidate {
  return {
    id: `${questionId}-${sample}`,
    questionId,
    tagId,
    sample,
    reasoning: 'Two plus two is four.',
    answer: 'The answer is 4.',
    finishReason: 'stop',
    usage: null,
    model: 'test-model',
    latencyMs: 5,
    createdAt: new Date().toISOString(),
  };
}

describe.each(implementations)('%s', (_name, make) => {
  it('records reviewers, keeps undo personal, suspends decisions of edited questions and holds disputes', async () => {
    const store = await make();
    const [tag] = await store.addTags(null, ['Endurance'], 'generated');
    const [question] = await store.addQuestions(tag!.id, [{ text: 'What is 2+2?' }], 'generated');
    await store.appendCandidates([0, 1].map((sample) => candidate(question!.id, tag!.id, sample)));
    const [first, second] = (await store.candidates(tag!.id)).map((each) => each.id);
    expect((await store.candidates(tag!.id)).every((each) => typeof each.gen === 'string' && typeof each.questionHash === 'string')).toBe(
      true,
    );

    await store.decide([{ id: first!, status: 'rejected' }]);
    await store.decide([{ id: first!, status: 'accepted' }], { reviewer: 'bob' });
    expect((await store.decisions(tag!.id)).get(first!)).toMatchObject({ status: 'accepted', reviewer: 'bob' });
    const [step] = await store.undoHistory();
    const outcome = await store.undo(step!);
    expect(outcome.othersSince).toEqual([expect.objectContaining({ id: first, reviewer: 'bob' })]);
    expect((await store.decisions(tag!.id)).get(first!)).toMatchObject({ status: 'accepted', reviewer: 'bob' });
    expect(store.reviewSummary(tag!.id)?.reviewers).toEqual({ bob: { accepted: 1, rejected: 0 } });

    expect((await store.decisionHistory(first!)).map((line) => `${line.reviewer}:${line.status}`)).toEqual([
      'alice:rejected',
      'bob:accepted',
      'alice:pending',
    ]);
    await store.editQuestion(question!.id, 'What is 3+3?');
    expect(await store.staleCandidates(tag!.id)).toEqual(new Set([first, second]));
    expect(store.counts(tag!.id).accepted).toBe(0);
    await store.editQuestion(question!.id, 'What is 2+2?');
    expect(store.counts(tag!.id).accepted).toBe(1);

    await store.updateReviewSettings({ doubleShare: 1 });
    await store.decide([{ id: second!, status: 'accepted' }]);
    await store.decide([{ id: second!, status: 'rejected' }], { reviewer: 'bob' });
    expect((await store.decisions(tag!.id)).has(second!)).toBe(false);
    expect(store.reviewSummary(tag!.id)).toMatchObject({ disagreements: 1, agreement: [0, 1, 0, 0] });
    await store.decide([{ id: second!, status: 'accepted' }], { reviewer: 'carol', adjudicate: true });
    expect((await store.decisions(tag!.id)).get(second!)).toMatchObject({ status: 'accepted', adjudicated: true });
    await store.close();
  });
});
