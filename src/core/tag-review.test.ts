import { describe, expect, it } from 'vitest';
import type { Vote } from './review-resolution.js';
import { reviewTag, reviseTagReview, type CandidateIdentity, type QuestionIdentity, type TagReviewInput } from './tag-review.js';

/** A small deterministic generator, so a failure repeats. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 0x1_0000_0000;
}

describe('reviseTagReview', () => {
  it('ends where weighing the whole tag again ends, after any sequence of decisions', () => {
    const next = random(7);
    const ids = Array.from({ length: 30 }, (_, i) => `t000001-${1 + (i % 6)}-${Math.floor(i / 6)}`);
    const candidates = new Map<string, CandidateIdentity>(
      ids.filter((_, i) => i % 11 !== 3).map((id) => [id, { gen: 'g1', questionHash: 'h1' }]),
    );
    const questions = new Map<string, QuestionIdentity>(
      [1, 2, 3, 4, 5, 6].map((n) => [`t000001-${n}`, { currentHash: n === 4 ? 'h2' : 'h1' }]),
    );
    const votes = new Map<string, Vote[]>();
    const input: Omit<TagReviewInput, 'votes'> = {
      candidate: (id) => candidates.get(id),
      question: (id) => questions.get(id),
      doubleShare: 0.5,
    };
    const incremental = reviewTag({ votes: [], ...input });
    for (let step = 0; step < 400; step++) {
      const id = ids[Math.floor(next() * ids.length)]!;
      const reviewer = ['alice', 'bob', 'carol', ''][Math.floor(next() * 4)]!;
      const adjudicator = next() < 0.1;
      const others = (votes.get(id) ?? []).filter((vote) => vote.reviewer !== reviewer || vote.adjudicator !== adjudicator);
      const withdrawn = next() < 0.15;
      const vote: Vote = {
        reviewer,
        status: next() < 0.6 ? 'accepted' : 'rejected',
        at: String(step),
        seq: step,
        adjudicator,
        gen: next() < 0.9 ? 'g1' : 'g0',
        questionHash: 'h1',
      };
      votes.set(id, withdrawn ? others : [...others, vote]);
      reviseTagReview(incremental, [[id, votes.get(id)!]], input);
    }
    const whole = reviewTag({ votes: [...votes], ...input });
    const sorted = <T extends { summary: { pairs: [string, number, number][] } }>(review: T) => ({
      ...review.summary,
      pairs: [...review.summary.pairs].sort(([a], [b]) => a.localeCompare(b)),
    });
    expect(sorted(incremental)).toEqual(sorted(whole));
    expect(new Map([...incremental.decisions].sort())).toEqual(new Map([...whole.decisions].sort()));
    expect(whole.summary.disagreements + whole.summary.setAside.changed + whole.summary.setAside.stale).toBeGreaterThan(0);
  });
});
