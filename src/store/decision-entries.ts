// What a decision line records, and what a candidate line records of its identity: shared by the
// file-backed store and the in-memory one, so both weigh decisions the same way.
import { questionTextHash } from '../core/candidate-identity.js';
import { newGenerationId } from '../core/ids.js';
import type { Candidate, DecisionEntry, Question } from '../core/types.js';
import type { DecideOptions, DecisionInput } from './store-api.js';

/** The journal line of one decision: who, when, and which text (the candidate's generation, the question as it reads now). */
export function decisionEntry(
  input: DecisionInput,
  candidate: Candidate,
  question: Question | undefined,
  by: { at: string; reviewer: string } & Pick<DecideOptions, 'adjudicate'>,
): DecisionEntry {
  return {
    id: input.id,
    status: input.status,
    ...(input.reason ? { reason: input.reason } : {}),
    at: by.at,
    reviewer: by.reviewer,
    ...(candidate.gen === undefined ? {} : { gen: candidate.gen }),
    ...(question ? { questionHash: questionTextHash(question.text) } : {}),
    ...(by.adjudicate ? { adjudicator: true as const } : {}),
  };
}

/** The candidate as written: its generation and answered-question hash first, so readers find them in a line's first bytes. */
export function withIdentity(candidate: Candidate, question: Question | undefined): Candidate {
  const { id, gen, questionHash, ...rest } = candidate;
  const hash = questionHash ?? (question ? questionTextHash(question.text) : undefined);
  return { id, gen: gen ?? newGenerationId(), ...(hash === undefined ? {} : { questionHash: hash }), ...rest };
}
