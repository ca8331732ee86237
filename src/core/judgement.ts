// What an LLM judge said about one candidate (issue 11): a 1–10 score, a verdict on the final
// answer and one sentence of why. Stored per candidate in data/judgements/<tag>.jsonl; a
// judgement holds only for the text it was given (the candidate's generation and its
// question's text and reference), so an edited question or a regenerated answer is judged again.
import { questionTextHash } from './candidate-identity.js';
import type { Candidate, Question } from './types.js';

export type JudgeVerdict = 'correct' | 'incorrect' | 'cannot_tell';
export const JUDGE_VERDICTS: readonly JudgeVerdict[] = ['correct', 'incorrect', 'cannot_tell'];

/** What the judge's reply says, once read. */
export interface JudgeReading {
  /** 1 to 10. */
  score: number;
  verdict: JudgeVerdict;
  /** One sentence; '' when the judge gave none. Model text: sanitize before showing. */
  rationale: string;
}

export interface StoredJudgement extends JudgeReading {
  /** The candidate's id. */
  id: string;
  /** The candidate's `gen` when it was judged ('' for candidates written before generations). */
  gen: string;
  /** judgedQuestionHash of the question as the judge saw it. */
  questionHash: string;
  /** The pool teacher that judged, and its model. */
  teacher: string;
  model: string;
  at: string;
  tokens: number;
  /** US dollars at the judge's price; absent when it has none. */
  cost?: number;
}

/** The question text and the reference, together: a change to either makes earlier judgements stale. */
export function judgedQuestionHash(question: Pick<Question, 'text' | 'reference'>): string {
  return questionTextHash(`${question.text}\u0000${question.reference ?? ''}`);
}

/** Whether a stored judgement is about this candidate as it stands (not an older text of it). */
export function judgementHolds(
  judgement: Pick<StoredJudgement, 'gen' | 'questionHash'>,
  candidate: Pick<Candidate, 'gen'>,
  questionHash: string,
): boolean {
  return judgement.gen === (candidate.gen ?? '') && judgement.questionHash === questionHash;
}

/** The verdict as a column code of the checks: 0 none, 1 correct, 2 incorrect, 3 cannot tell. */
export function verdictCode(verdict: JudgeVerdict | undefined): number {
  return verdict === undefined ? 0 : JUDGE_VERDICTS.indexOf(verdict) + 1;
}

export function verdictOfCode(code: number): JudgeVerdict | undefined {
  return JUDGE_VERDICTS[code - 1];
}

/** "correct", "incorrect", "cannot tell": how the verdict reads in text output. */
export function verdictWords(verdict: JudgeVerdict): string {
  return verdict === 'cannot_tell' ? 'cannot tell' : verdict;
}

export function isStoredJudgement(value: unknown): value is StoredJudgement {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.id === 'string' &&
    typeof record.gen === 'string' &&
    typeof record.questionHash === 'string' &&
    typeof record.score === 'number' &&
    typeof record.verdict === 'string' &&
    (JUDGE_VERDICTS as readonly string[]).includes(record.verdict) &&
    typeof record.rationale === 'string' &&
    typeof record.teacher === 'string'
  );
}
