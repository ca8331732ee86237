// Which text a candidate (and a decision on it) belongs to. A candidate records the hash of the
// question it answered; when the question's text changes, its candidates are stale until they
// are regenerated or re-decided for the new text, and an undo of the edit makes them fresh again.
import { createHash } from 'node:crypto';
import type { Candidate, Question } from './types.js';

/** A short, stable fingerprint of a question's text, exactly as stored. */
export function questionTextHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

/**
 * The hash of the question text a candidate answered. Older candidates did not record it: they
 * answered the text the question had before its first recorded edit (or still has).
 */
export function answeredHash(candidate: Pick<Candidate, 'questionHash'>, question: Pick<Question, 'text' | 'baseTextHash'>): string {
  return candidate.questionHash ?? question.baseTextHash ?? questionTextHash(question.text);
}

/** The question was edited since the candidate answered it. */
export function isStaleCandidate(candidate: Pick<Candidate, 'questionHash'>, question: Pick<Question, 'text' | 'baseTextHash'>): boolean {
  return answeredHash(candidate, question) !== questionTextHash(question.text);
}

/** The question after an edit to `text`: remembers what older candidates answered before the first edit. */
export function editedQuestion(question: Question, text: string, at: string): Question {
  return {
    ...question,
    text,
    editedAt: at,
    baseTextHash: question.baseTextHash ?? questionTextHash(question.text),
  };
}

/** What a stale notice says (the rule id `stale`, README, Checks). */
export const STALE_DETAIL = 'the question was edited after this answer was written; regenerate it or decide it again';
