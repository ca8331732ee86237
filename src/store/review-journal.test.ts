import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { newProjectConfig } from '../core/project-config.js';
import type { Candidate } from '../core/types.js';
import { ProjectStore } from './project-store.js';

function candidate(questionId: string, tagId: string, sample: number, answer = 'The answer is 4.'): Candidate {
  return {
    id: `${questionId}-${sample}`,
    questionId,
    tagId,
    sample,
    reasoning: 'Two plus two is four.',
    answer,
    finishReason: 'stop',
    usage: null,
    model: 'test-model',
    latencyMs: 5,
    createdAt: new Date().toISOString(),
  };
}

describe('decisions of a team of reviewers', () => {
  let dir: string;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'distill-review-')), 'project');
  });

  async function seeded(reviewer = 'alice') {
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }), { reviewer });
    const [tag] = await store.addTags(null, ['Endurance'], 'generated');
    const [question] = await store.addQuestions(tag!.id, [{ text: 'What is 2+2?' }], 'generated');
    await store.appendCandidates([0, 1, 2].map((sample) => candidate(question!.id, tag!.id, sample)));
    const ids = [0, 1, 2].map((sample) => `${question!.id}-${sample}`);
    return { store, tagId: tag!.id, questionId: question!.id, ids };
  }

  const journalOf = async (tagId: string) =>
    (await readFile(join(dir, 'data', 'decisions', `${tagId}.jsonl`), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it("records who decided, and shows another process's decision even when this one wrote last", async () => {
    const { store: alice, tagId, ids } = await seeded('alice');
    await alice.decisions(tagId);
    const bob = await ProjectStore.open(dir, { reviewer: 'bob' });
    await bob.decide([{ id: ids[0]!, status: 'rejected', reason: 'wrong' }]);
    await alice.decide([{ id: ids[1]!, status: 'accepted' }]);
    const changes = await alice.refresh();
    expect(changes.tagIds).toContain(tagId);
    const decisions = await alice.decisions(tagId);
    expect(decisions.get(ids[0]!)).toMatchObject({ status: 'rejected', reviewer: 'bob', reason: 'wrong' });
    expect(decisions.get(ids[1]!)).toMatchObject({ status: 'accepted', reviewer: 'alice' });
    expect(alice.counts(tagId)).toMatchObject({ accepted: 1, rejected: 1 });
    expect((await journalOf(tagId)).map((line) => line.reviewer)).toEqual(['bob', 'alice']);
    await Promise.all([alice.close(), bob.close()]);
  });

  it("undoes only the reviewer's own decision and names whoever decided since", async () => {
    const { store: alice, tagId, ids } = await seeded('alice');
    const bob = await ProjectStore.open(dir, { reviewer: 'bob' });
    await alice.decide([{ id: ids[0]!, status: 'rejected' }]);
    await bob.decide([{ id: ids[0]!, status: 'accepted' }]);
    const [step] = await alice.undoHistory();
    const outcome = await alice.undo(step!);
    expect(outcome.othersSince).toEqual([expect.objectContaining({ id: ids[0], reviewer: 'bob', status: 'accepted' })]);
    expect(outcome.undone).toEqual([expect.objectContaining({ id: ids[0], status: 'pending', reviewer: 'alice' })]);
    await alice.refresh();
    expect((await alice.decisions(tagId)).get(ids[0]!)).toMatchObject({ status: 'accepted', reviewer: 'bob' });
    expect((await journalOf(tagId)).map((line) => `${line.reviewer as string}:${line.status as string}`)).toEqual([
      'alice:rejected',
      'bob:accepted',
      'alice:pending',
    ]);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('keeps the undo history in the journal: after a restart it walks back, newest first', async () => {
    const { store, tagId, ids } = await seeded('alice');
    await store.decide([{ id: ids[0]!, status: 'accepted' }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.decide([{ id: ids[0]!, status: 'rejected', reason: 'second thoughts' }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.decide([
      { id: ids[1]!, status: 'accepted' },
      { id: ids[2]!, status: 'accepted' },
    ]);
    await store.close();

    const reopened = await ProjectStore.open(dir, { reviewer: 'alice' });
    const history = await reopened.undoHistory();
    expect(history.map((step) => step.entries.map((entry) => `${entry.id.slice(-1)}:${entry.status}`).sort())).toEqual([
      ['1:accepted', '2:accepted'],
      ['0:rejected'],
    ]);
    expect(await reopened.undoHistory('bob')).toEqual([]);
    await reopened.undo(history[0]!);
    const [next] = await reopened.undoHistory();
    await reopened.undo(next!);
    expect((await reopened.decisions(tagId)).get(ids[0]!)).toMatchObject({ status: 'accepted' });
    const [last] = await reopened.undoHistory();
    await reopened.undo(last!);
    expect((await reopened.decisions(tagId)).size).toBe(0);
    expect(await reopened.undoHistory()).toEqual([]);
    await reopened.close();
  });

  it('never applies a decision to a candidate regenerated under the same id after its shard lost lines', async () => {
    const { store, tagId, questionId, ids } = await seeded('alice');
    await store.decide([{ id: ids[2]!, status: 'accepted' }]);
    await store.close();
    // The shard is cut back to its first two candidates (a restore from an older copy).
    const shard = join(dir, 'data', 'candidates', `${tagId}.jsonl`);
    const lines = (await readFile(shard, 'utf8')).split('\n');
    await truncate(shard, Buffer.byteLength(lines.slice(0, 2).join('\n') + '\n'));

    const afterLoss = await ProjectStore.open(dir);
    expect(afterLoss.counts(tagId)).toMatchObject({ candidates: 2, accepted: 0 });
    expect(afterLoss.reviewSummary(tagId)?.setAside).toMatchObject({ gone: 1 });
    await afterLoss.appendCandidates([candidate(questionId, tagId, 2, 'A different, unreviewed answer.')]);
    expect((await afterLoss.decisions(tagId)).has(ids[2]!)).toBe(false);
    const review = (await afterLoss.review(tagId)).reviews.get(ids[2]!);
    expect(review?.setAside.map((item) => item.problem)).toEqual(['changed']);
    await afterLoss.close();

    for (const cold of [false, true]) {
      if (cold) await rm(join(dir, 'cache'), { recursive: true, force: true });
      const reopened = await ProjectStore.open(dir);
      expect(reopened.counts(tagId)).toMatchObject({ candidates: 3, accepted: 0 });
      expect(reopened.reviewSummary(tagId)?.setAside).toMatchObject({ changed: 1 });
      await reopened.close();
    }
  });

  it('keeps working on a project written before generations and reviewers were recorded', async () => {
    const { store, tagId, ids } = await seeded();
    await store.close();
    const strip = async (file: string, keys: string[]) => {
      const text = await readFile(file, 'utf8');
      const lines = text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      await writeFile(
        file,
        lines.map((line) => JSON.stringify(Object.fromEntries(Object.entries(line).filter(([key]) => !keys.includes(key))))).join('\n') +
          '\n',
      );
    };
    await strip(join(dir, 'data', 'candidates', `${tagId}.jsonl`), ['gen', 'questionHash']);
    await mkdir(join(dir, 'data', 'decisions'), { recursive: true });
    await writeFile(
      join(dir, 'data', 'decisions', `${tagId}.jsonl`),
      JSON.stringify({ id: ids[0], status: 'accepted', at: '2024-05-01T00:00:00.000Z' }) + '\n',
    );
    await rm(join(dir, 'cache'), { recursive: true, force: true });
    const old = await ProjectStore.open(dir, { reviewer: 'alice' });
    expect(old.counts(tagId)).toMatchObject({ accepted: 1 });
    expect((await old.decisions(tagId)).get(ids[0]!)?.status).toBe('accepted');
    expect(old.reviewSummary(tagId)?.reviewers).toEqual({ '(not recorded)': { accepted: 1, rejected: 0 } });
    await old.close();
  });

  it("suspends an edited question's decisions, excludes its candidates as stale, and restores both when the edit is undone", async () => {
    const { store, tagId, questionId, ids } = await seeded('alice');
    await store.decide([{ id: ids[0]!, status: 'accepted' }]);
    await store.editQuestion(questionId, 'What is 2+3?');
    expect((await store.staleCandidates(tagId)).size).toBe(3);
    expect((await store.decisions(tagId)).size).toBe(0);
    expect(store.counts(tagId).accepted).toBe(0);
    await store.close();
    const reopened = await ProjectStore.open(dir, { reviewer: 'alice' });
    expect(reopened.counts(tagId).accepted).toBe(0);
    expect(reopened.reviewSummary(tagId)?.setAside.stale).toBe(1);
    // Re-accepted explicitly for the new text: it applies, while the answer stays stale.
    await reopened.decide([{ id: ids[1]!, status: 'accepted' }]);
    expect([...(await reopened.decisions(tagId)).keys()]).toEqual([ids[1]]);
    await reopened.editQuestion(questionId, 'What is 2+2?');
    expect((await reopened.staleCandidates(tagId)).size).toBe(0);
    expect([...(await reopened.decisions(tagId)).keys()]).toEqual([ids[0]]);
    expect(reopened.counts(tagId).accepted).toBe(1);
    await reopened.close();
  });

  it('double review: a dispute stays pending, the adjudicator decides, agreement is counted', async () => {
    const { store: alice, tagId, ids } = await seeded('alice');
    await alice.updateReviewSettings({ doubleShare: 1 });
    const bob = await ProjectStore.open(dir, { reviewer: 'bob' });
    await alice.decide(ids.map((id) => ({ id, status: 'accepted' as const })));
    await bob.decide([
      { id: ids[0]!, status: 'accepted' },
      { id: ids[1]!, status: 'rejected' },
    ]);
    await alice.refresh();
    const summary = alice.reviewSummary(tagId)!;
    expect(summary).toMatchObject({ accepted: 2, rejected: 0, disagreements: 1, awaitingSecond: 1, agreement: [1, 1, 0, 0] });
    expect(summary.reviewers).toEqual({ alice: { accepted: 3, rejected: 0 }, bob: { accepted: 1, rejected: 1 } });
    expect((await alice.decisions(tagId)).has(ids[1]!)).toBe(false);
    const carol = await ProjectStore.open(dir, { reviewer: 'carol' });
    await carol.decide([{ id: ids[1]!, status: 'rejected' }], { adjudicate: true });
    expect((await carol.decisions(tagId)).get(ids[1]!)).toMatchObject({ status: 'rejected', reviewer: 'carol', adjudicated: true });
    expect(carol.reviewSummary(tagId)).toMatchObject({ disagreements: 0, rejected: 1 });
    await Promise.all([alice.close(), bob.close(), carol.close()]);
  });

  it('refuses a reviewer name that could forge output', async () => {
    await seeded();
    await expect(ProjectStore.open(dir, { reviewer: 'eve\u001b[2J' })).rejects.toThrow(/reviewer name/);
  });
});
