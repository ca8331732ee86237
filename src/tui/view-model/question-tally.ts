// A question's state at a glance: how many of its candidates are accepted, rejected, pending,
// flagged, and which one the checks prefer.
import type { Candidate } from '../../core/types.js';
import { type TagSnapshot, statusOf } from './review-data.js';

export interface QuestionTally {
  candidates: number;
  accepted: number;
  rejected: number;
  pending: number;
  flagged: number;
  /** The preferred candidate when it passes the checks. */
  preferredPassing: Candidate | undefined;
}

export function tallyQuestion(snapshot: TagSnapshot, questionId: string): QuestionTally {
  const candidates = snapshot.candidatesByQuestion.get(questionId) ?? [];
  const tally: QuestionTally = {
    candidates: candidates.length,
    accepted: 0,
    rejected: 0,
    pending: 0,
    flagged: 0,
    preferredPassing: undefined,
  };
  for (const candidate of candidates) {
    const status = statusOf(snapshot, candidate.id);
    tally[status]++;
    const check = snapshot.checks?.get(candidate.id);
    if (check && check.flags.length > 0) tally.flagged++;
    if (check?.preferred && check.verdict === 'pass') tally.preferredPassing = candidate;
  }
  return tally;
}

export type QuestionState = 'accepted' | 'rejected' | 'pending' | 'empty';

/** Accepted once any candidate is; rejected when all are; empty before any candidate exists. */
export function questionState(tally: QuestionTally): QuestionState {
  if (tally.candidates === 0) return 'empty';
  if (tally.accepted > 0) return 'accepted';
  if (tally.rejected === tally.candidates) return 'rejected';
  return 'pending';
}
