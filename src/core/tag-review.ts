// The review state of one tag: for each decided candidate, the decision in effect and the
// decisions set aside, and the tag's totals (what the counters, `stats` and the export use).
import { addPair, emptyTable, type AgreementTable } from './agreement.js';
import { questionTextHash } from './candidate-identity.js';
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

/** What a tag review needs of a question: the hash of its text now, and what older candidates answered. */
export interface QuestionIdentity {
  currentHash: string;
  baseTextHash?: string;
}

export interface TagReviewInput {
  /** Each decided candidate id with its reviewers' latest votes. */
  votes: Iterable<[string, Vote[]]>;
  candidate(id: string): CandidateIdentity | undefined;
  question(id: string): QuestionIdentity | undefined;
  doubleShare: number;
}

export function questionIdentity(question: Pick<Question, 'text' | 'baseTextHash'>): QuestionIdentity {
  return { currentHash: questionTextHash(question.text), ...(question.baseTextHash ? { baseTextHash: question.baseTextHash } : {}) };
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
  const tagReview: TagReview = { reviews: new Map(), decisions: new Map(), summary: emptyReviewSummary() };
  for (const [id, votes] of input.votes) place(tagReview, id, reviewOne(id, votes, input));
  return tagReview;
}

/** reviewTag's decisions in effect alone, without the totals: what an export needs of a tag. */
export function decisionsInEffect(input: TagReviewInput): Map<string, Decision> {
  const decisions = new Map<string, Decision>();
  for (const [id, votes] of input.votes) {
    const { effective } = reviewOne(id, votes, input);
    if (effective) decisions.set(id, effective);
  }
  return decisions;
}

/**
 * Brings a tag review up to date after the votes of some candidates changed (a decision just
 * written), candidates and questions being as they were: what a keystroke costs, whatever the
 * size of the tag.
 */
export function reviseTagReview(tagReview: TagReview, changed: Iterable<[string, Vote[]]>, input: Omit<TagReviewInput, 'votes'>): void {
  for (const [id, votes] of changed) {
    const old = tagReview.reviews.get(id);
    if (old) {
      tally(tagReview.summary, id, old, -1);
      tagReview.decisions.delete(id);
      tagReview.reviews.delete(id);
    }
    place(tagReview, id, reviewOne(id, votes, input));
  }
}

function reviewOne(id: string, votes: Vote[], input: Omit<TagReviewInput, 'votes'>): CandidateReview {
  const questionId = questionIdOfCandidate(id);
  const target = targetOf(input.candidate(id), input.question(questionId));
  return reviewCandidate(votes, target, isDoubleReviewed(questionId, input.doubleShare));
}

function place(tagReview: TagReview, id: string, review: CandidateReview): void {
  tagReview.reviews.set(id, review);
  if (review.effective) tagReview.decisions.set(id, review.effective);
  tally(tagReview.summary, id, review, 1);
}

function targetOf(candidate: CandidateIdentity | undefined, question: QuestionIdentity | undefined): VoteTarget | null {
  if (!candidate) return null;
  return {
    ...(candidate.gen === undefined ? {} : { gen: candidate.gen }),
    // As answeredHash (candidate-identity.ts), from the question's cached hashes.
    answeredHash: candidate.questionHash ?? question?.baseTextHash ?? question?.currentHash ?? '',
    currentHash: question ? question.currentHash : null,
  };
}

/** Adds (sign 1) or takes back (sign -1) one candidate's share of the tag's totals. */
function tally(summary: TagReviewSummary, id: string, review: CandidateReview, sign: 1 | -1): void {
  if (review.effective) summary[review.effective.status === 'accepted' ? 'accepted' : 'rejected'] += sign;
  if (review.disagreement) summary.disagreements += sign;
  for (const { problem } of review.setAside) summary.setAside[problem] += sign;
  let reviewerVotes = 0;
  for (const vote of review.votes) {
    const name = vote.reviewer || NO_REVIEWER;
    const counts = (summary.reviewers[name] ??= { accepted: 0, rejected: 0 });
    counts[vote.status] += sign;
    if (counts.accepted === 0 && counts.rejected === 0) delete summary.reviewers[name];
    if (!vote.adjudicator) reviewerVotes += 1;
  }
  if (review.double && reviewerVotes === 1) summary.awaitingSecond += sign;
  const pair = reviewPair(review);
  if (!pair) return;
  if (sign > 0) {
    addPair(summary.agreement, pair[0], pair[1]);
    summary.pairs.push([id, pair[0] === 'accepted' ? 1 : 0, pair[1] === 'accepted' ? 1 : 0]);
  } else {
    summary.agreement[(pair[0] === 'accepted' ? 0 : 2) + (pair[1] === 'accepted' ? 0 : 1)]! -= 1;
    summary.pairs = summary.pairs.filter(([pairId]) => pairId !== id);
  }
}

/** A copy that later revisions of the original do not change. */
export function copyReviewSummary(summary: TagReviewSummary): TagReviewSummary {
  return {
    ...summary,
    setAside: { ...summary.setAside },
    reviewers: Object.fromEntries(Object.entries(summary.reviewers).map(([name, counts]) => [name, { ...counts }])),
    agreement: [...summary.agreement],
    pairs: [...summary.pairs],
  };
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
