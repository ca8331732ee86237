// Which decision is in effect for a candidate when several reviewers (and maybe an adjudicator)
// have decided it, and which decisions no longer apply: their candidate is gone or is another
// text now (a shard that lost lines and was regenerated), or the question was edited since.
// Pure: the store feeds it each reviewer's latest journal line and what the candidate is now.
import type { Decision } from './types.js';

export type VoteStatus = 'accepted' | 'rejected';

/** One reviewer's latest decision on one candidate (a withdrawn one, "pending", is no vote). */
export interface Vote {
  /** '' for lines written before reviewers were recorded. */
  reviewer: string;
  status: VoteStatus;
  reason?: string;
  at: string;
  /** Position in the journal: of two votes, the later line is the later decision. */
  seq: number;
  adjudicator: boolean;
  gen?: string;
  questionHash?: string;
}

/** The candidate as it is now. */
export interface VoteTarget {
  gen?: string;
  /** answeredHash of the candidate (the question text it answered). */
  answeredHash: string;
  /** questionTextHash of the question's current text; null when the question is gone. */
  currentHash: string | null;
}

/** Why a decision is not applied: `gone` (no candidate with its id), `changed` (another text under the id), `stale` (question edited since). */
export type VoteProblem = 'gone' | 'changed' | 'stale';

export interface CandidateReview {
  /** null: pending (nobody decided, or reviewers of a double-reviewed item disagree). */
  effective: Decision | null;
  /** Votes that apply to the candidate as it is, in journal order. */
  votes: Vote[];
  /** Votes not applied, and why; a stale one applies again when the edit is undone. */
  setAside: { vote: Vote; problem: VoteProblem }[];
  /** Reviewers' applying votes differ and no adjudicator decided: a case for the adjudication queue. */
  disagreement: boolean;
  /** The item is one of the share that two reviewers are to decide. */
  double: boolean;
}

export const NO_REVIEWER = '(not recorded)';

export function problemOf(vote: Vote, target: VoteTarget | null): VoteProblem | null {
  if (!target) return 'gone';
  if (vote.gen !== target.gen) return 'changed';
  if (target.currentHash !== null && (vote.questionHash ?? target.answeredHash) !== target.currentHash) return 'stale';
  return null;
}

/**
 * Weighs the votes on one candidate. An adjudicator's latest vote is final. Otherwise the
 * latest reviewer's vote is in effect, except on a double-reviewed item whose reviewers
 * disagree: that stays pending until an adjudicator decides.
 */
export function reviewCandidate(votes: readonly Vote[], target: VoteTarget | null, double: boolean): CandidateReview {
  const applying: Vote[] = [];
  const setAside: CandidateReview['setAside'] = [];
  for (const vote of [...votes].sort((a, b) => a.seq - b.seq)) {
    const problem = problemOf(vote, target);
    if (problem) setAside.push({ vote, problem });
    else applying.push(vote);
  }
  const adjudication = applying.filter((vote) => vote.adjudicator).at(-1);
  const reviews = applying.filter((vote) => !vote.adjudicator);
  const disagreement = !adjudication && new Set(reviews.map((vote) => vote.status)).size > 1;
  const deciding = adjudication ?? (disagreement && double ? undefined : reviews.at(-1));
  return { effective: deciding ? decisionOf(deciding) : null, votes: applying, setAside, disagreement, double };
}

function decisionOf(vote: Vote): Decision {
  return {
    status: vote.status,
    at: vote.at,
    ...(vote.reason === undefined ? {} : { reason: vote.reason }),
    ...(vote.reviewer ? { reviewer: vote.reviewer } : {}),
    ...(vote.adjudicator ? { adjudicated: true as const } : {}),
  };
}

/** The first two reviewers' votes of a candidate, for agreement; null when fewer than two decided it. */
export function reviewPair(review: CandidateReview): [VoteStatus, VoteStatus] | null {
  const reviews = review.votes.filter((vote) => !vote.adjudicator);
  return reviews.length >= 2 ? [reviews[0]!.status, reviews[1]!.status] : null;
}
