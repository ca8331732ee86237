import { describe, expect, it } from 'vitest';
import { cohensKappa } from './agreement.js';
import { reviewCandidate, type Vote, type VoteTarget } from './review-resolution.js';
import { samplesToFill } from './samples-to-fill.js';

const target: VoteTarget = { gen: 'g1', answeredHash: 'q1', currentHash: 'q1' };
let seq = 0;
function vote(reviewer: string, status: Vote['status'], extra: Partial<Vote> = {}): Vote {
  return { reviewer, status, at: `2025-01-01T00:00:0${seq}Z`, seq: seq++, adjudicator: false, gen: 'g1', questionHash: 'q1', ...extra };
}

describe('reviewCandidate', () => {
  it('applies the latest reviewer when one item is decided twice, and keeps both votes', () => {
    const review = reviewCandidate([vote('alice', 'accepted'), vote('bob', 'rejected')], target, false);
    expect(review.effective).toMatchObject({ status: 'rejected', reviewer: 'bob' });
    expect(review.votes.map((v) => v.reviewer)).toEqual(['alice', 'bob']);
    expect(review.disagreement).toBe(true);
  });

  it('leaves a double-reviewed item in dispute pending until an adjudicator decides, whose word is final', () => {
    const votes = [vote('alice', 'accepted'), vote('bob', 'rejected')];
    expect(reviewCandidate(votes, target, true).effective).toBeNull();
    const adjudicated = reviewCandidate(
      [...votes, vote('carol', 'accepted', { adjudicator: true }), vote('dave', 'rejected')],
      target,
      true,
    );
    expect(adjudicated.effective).toMatchObject({ status: 'accepted', reviewer: 'carol', adjudicated: true });
    expect(adjudicated.disagreement).toBe(false);
  });

  it('never applies a decision to another generation, a missing candidate or an edited question', () => {
    const accepted = vote('alice', 'accepted');
    expect(reviewCandidate([accepted], { ...target, gen: 'g2' }, false)).toMatchObject({
      effective: null,
      setAside: [{ problem: 'changed' }],
    });
    expect(reviewCandidate([accepted], null, false)).toMatchObject({ effective: null, setAside: [{ problem: 'gone' }] });
    expect(reviewCandidate([accepted], { ...target, currentHash: 'q2' }, false)).toMatchObject({
      effective: null,
      setAside: [{ problem: 'stale' }],
    });
    // Decided again for the new text: applies although the answer was written for the old one.
    const again = vote('alice', 'accepted', { questionHash: 'q2' });
    expect(reviewCandidate([again], { ...target, currentHash: 'q2' }, false).effective?.status).toBe('accepted');
  });

  it('treats lines of older projects (no gen, no hash, no reviewer) as applying to candidates without a gen', () => {
    const legacy: Vote = { reviewer: '', status: 'accepted', at: 't', seq: 0, adjudicator: false };
    expect(reviewCandidate([legacy], { answeredHash: 'q1', currentHash: 'q1' }, false).effective?.status).toBe('accepted');
    expect(reviewCandidate([legacy], { gen: 'new', answeredHash: 'q1', currentHash: 'q1' }, false).effective).toBeNull();
    expect(reviewCandidate([legacy], { answeredHash: 'q0', currentHash: 'q1' }, false).setAside[0]?.problem).toBe('stale');
  });
});

describe('cohensKappa', () => {
  it('matches a worked example and is undefined without variation', () => {
    // 20 both accept, 5 A-accept/B-reject, 10 A-reject/B-accept, 15 both reject: po 0.7, pe 0.5, kappa 0.4.
    expect(cohensKappa([20, 5, 10, 15])).toEqual({ kappa: 0.4, pairs: 50, observed: 0.7 });
    expect(cohensKappa([6, 0, 0, 0])).toEqual({ kappa: null, pairs: 6, observed: 1 });
    expect(cohensKappa([0, 0, 0, 0])).toEqual({ kappa: null, pairs: 0, observed: null });
    expect(cohensKappa([0, 3, 3, 0]).kappa).toBe(-1);
  });
});

describe('samplesToFill', () => {
  it('fills the missing samples, and gives stale answers new numbers beside them', () => {
    expect(samplesToFill([{ sample: 1, stale: false }], 3)).toEqual([0, 2]);
    expect(
      samplesToFill(
        [0, 1].map((sample) => ({ sample, stale: true })),
        2,
      ),
    ).toEqual([2, 3]);
    expect(
      samplesToFill(
        [0, 1, 2].map((sample) => ({ sample, stale: false })),
        2,
      ),
    ).toEqual([]);
  });
});
