// The review state of one tag: for each decided candidate, the decision in effect and the
// decisions set aside, and the tag's totals (what the counters, `stats` and the export use).
import { addPair, emptyTable, type AgreementTable } from './agreement.js';
import { answeredHash, questionTextHash } from './candidate-identity.js';
import { isDoubleReviewed } from './double-review.js';
import { questionIdOfCandidate } from './ids.js';
import {
  NO_REVIEWER,
  reviewCandidate,
  reviewPair,
  type CandidateReview,
  type Vote,
  type VoteProblem,
  type VoteTarget,
} from './review-resolution.js';
import type { Candidate, Decision, Question } from './types.js';

export type CandidateIdentity = Pick<Candidate, 'gen' | 'questionHash'>;

export interface ReviewerCounts {
  accepted: number;
  rejected: number;
}

/** A pair of votes for agreement per rule: candidate id, first and second reviewer (1 accepted, 0 rejected). */
export type VotePair = [string, 0 | 1, 0 | 1];

export interface TagReviewSummary {
  /** Candidates whose decision in effect is accepted / rejected. */
  accepted: number;
  rejected: number;
  /** Candidates whose reviewers disagree and no adjudicator decided yet. */
  disagreements: number;
  /** Double-reviewed candidates decided by one reviewer so far. */
  awaitingSecond: number;
  /** Decisions not applied, by why: candidate gone, another text under its id, question edited since. */
  setAside: Record<VoteProblem, number>;
  /** Applying votes per reviewer (adjudications included, under the adjudicator's name). */
  reviewers: Record<string, ReviewerCounts>;
  agreement: AgreementTable;
  pairs: VotePair[];
}

export interface TagReview {
  /** Per candidate id that has journal lines. */
  reviews: Map<string, CandidateReview>;
  /** The decisions in effect (pending ones left out), by candidate id. */
  decisions: Map<string, Decision>;
  summary: TagReviewSummary;
}

export interface TagReviewInput {
  /** Each decided candidate id with its reviewers' latest votes. */
  votes: Iterable<[string, Vote[]]>;
  candidate(id: string): CandidateIdentity | undefined;
  question(id: string): Pick<Question, 'text' | 'baseTextHash'> | undefined;
  doubleShare: number;
}

export function emptyReviewSummary(): TagReviewSummary {
  return {
    accepted: 0,
    rejected: 0,
    disagreements: 0,
    awaitingSecond: 0,
    setAside: { gone: 0, changed: 0, stale: 0 },
    reviewers: {},
    agreement: emptyTable(),
    pairs: [],
  };
}

export function reviewTag(input: TagReviewInput): TagReview {
  const reviews = new Map<string, CandidateReview>();
  const decisions = new Map<string, Decision>();
  const summary = emptyReviewSummary();
  for (const [id, votes] of input.votes) {
    const questionId = questionIdOfCandidate(id);
    const review = reviewCandidate(
      votes,
      targetOf(input.candidate(id), input.question(questionId)),
      isDoubleReviewed(questionId, input.doubleShare),
    );
    reviews.set(id, review);
    if (review.effective) {
      decisions.set(id, review.effective);
      summary[review.effective.status === 'accepted' ? 'accepted' : 'rejected'] += 1;
    }
    tally(summary, id, review);
  }
  return { reviews, decisions, summary };
}

function targetOf(
  candidate: CandidateIdentity | undefined,
  question: Pick<Question, 'text' | 'baseTextHash'> | undefined,
): VoteTarget | null {
  if (!candidate) return null;
  return {
    ...(candidate.gen === undefined ? {} : { gen: candidate.gen }),
    answeredHash: question ? answeredHash(candidate, question) : (candidate.questionHash ?? ''),
    currentHash: question ? questionTextHash(question.text) : null,
  };
}

function tally(summary: TagReviewSummary, id: string, review: CandidateReview): void {
  if (review.disagreement) summary.disagreements += 1;
  for (const { problem } of review.setAside) summary.setAside[problem] += 1;
  let reviewerVotes = 0;
  for (const vote of review.votes) {
    const name = vote.reviewer || NO_REVIEWER;
    const counts = (summary.reviewers[name] ??= { accepted: 0, rejected: 0 });
    counts[vote.status] += 1;
    if (!vote.adjudicator) reviewerVotes += 1;
  }
  if (review.double && reviewerVotes === 1) summary.awaitingSecond += 1;
  const pair = reviewPair(review);
  if (pair) {
    addPair(summary.agreement, pair[0], pair[1]);
    summary.pairs.push([id, pair[0] === 'accepted' ? 1 : 0, pair[1] === 'accepted' ? 1 : 0]);
  }
}

/** Adds one tag's totals into another's (the project's). */
export function addReviewSummary(into: TagReviewSummary, summary: TagReviewSummary): void {
  into.accepted += summary.accepted;
  into.rejected += summary.rejected;
  into.disagreements += summary.disagreements;
  into.awaitingSecond += summary.awaitingSecond;
  for (const problem of Object.keys(into.setAside) as VoteProblem[]) into.setAside[problem] += summary.setAside[problem] ?? 0;
  for (const [name, counts] of Object.entries(summary.reviewers)) {
    const total = (into.reviewers[name] ??= { accepted: 0, rejected: 0 });
    total.accepted += counts.accepted;
    total.rejected += counts.rejected;
  }
  for (let i = 0; i < 4; i++) into.agreement[i]! += summary.agreement[i] ?? 0;
  into.pairs.push(...summary.pairs);
}
