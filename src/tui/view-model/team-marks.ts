// What a candidate's row says about the rest of the team and about edits: a double-reviewed
// candidate another reviewer decided (its decision hidden, so the second opinion is blind), a
// disagreement waiting for an adjudicator, and a candidate whose question was edited since it
// was written (stale: out of --passing and the export until regenerated or accepted again).
import { questionTextHash } from '../../core/candidate-identity.js';
import type { Candidate, Decision, Question } from '../../core/types.js';
import type { TagReview } from '../../core/tag-review.js';

export type TeamMark = 'second' | 'disagreement';

export interface TeamView {
  /** Decisions in effect as this reviewer may see them: a blind second review hides the first. */
  decisions: Map<string, Decision>;
  teamMarks: Map<string, TeamMark>;
  stale: Set<string>;
}

export function teamView(review: TagReview, candidates: readonly Candidate[], questions: readonly Question[], reviewer: string): TeamView {
  const decisions = new Map(review.decisions);
  const teamMarks = new Map<string, TeamMark>();
  for (const [id, candidate] of review.reviews) {
    if (candidate.disagreement) {
      teamMarks.set(id, 'disagreement');
      continue;
    }
    if (!candidate.double || candidate.votes.some((vote) => vote.adjudicator)) continue;
    if (candidate.votes.length === 1 && candidate.votes[0]!.reviewer !== reviewer) {
      teamMarks.set(id, 'second');
      decisions.delete(id);
    }
  }
  return { decisions, teamMarks, stale: staleCandidates(candidates, questions) };
}

function staleCandidates(candidates: readonly Candidate[], questions: readonly Question[]): Set<string> {
  const byId = new Map(questions.map((question) => [question.id, question]));
  const hashes = new Map<string, string>();
  const stale = new Set<string>();
  for (const candidate of candidates) {
    const question = byId.get(candidate.questionId);
    if (!question) continue;
    let current = hashes.get(question.id);
    if (current === undefined) hashes.set(question.id, (current = questionTextHash(question.text)));
    // As isStaleCandidate, with the question's hash worked out once.
    const answered = candidate.questionHash ?? question.baseTextHash ?? current;
    if (answered !== current) stale.add(candidate.id);
  }
  return stale;
}
