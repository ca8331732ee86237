// The checks' span finders as the review screen sees them: where in a candidate's text each
// flag points, and the final answer the answer rules compared. The screen never imports the
// checks itself (see the layering test); it gets this through ReviewChecks.flagSpans.
import type { Candidate } from '../../core/types.js';
import { findFlagSpans } from '../../checks/features/flag-spans.js';
import { extractFinalAnswer } from '../../checks/answers/extract/final-answer.js';
import type { CandidateSpans } from '../review-services.js';

export function findCandidateSpans(candidate: Candidate, language: string, question: string): CandidateSpans {
  const spans = findFlagSpans(candidate, language, question).map((span) => ({ ...span }));
  const final = extractFinalAnswer(candidate.answer, question);
  const finalAnswer =
    final.text !== '' && final.offset >= 0 ? { text: final.text, start: final.offset, end: final.offset + final.length } : null;
  return { spans, finalAnswer };
}
