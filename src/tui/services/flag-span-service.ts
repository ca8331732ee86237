// The checks' span finders as the review screen sees them: where in a candidate's text each
// flag points, and the final answer the answer rules compared. The screen never imports the
// checks itself (see the layering test); it gets this through ReviewChecks.flagSpans.
import type { Candidate } from '../../core/types.js';
import type { findFlagSpans as FindFlagSpans } from '../../checks/features/flag-spans.js';
import { extractFinalAnswer } from '../../checks/answers/extract/final-answer.js';
import type { CandidateSpans } from '../review-services.js';

/** Rules the span finders point into the text for; other flags have nothing to highlight but the final answer. */
const SPAN_RULES: ReadonlySet<string> = new Set(['mixed_language', 'wrong_language', 'repetition', 'refusal']);

let findFlagSpans: typeof FindFlagSpans | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads the span finders (the language analyser's tables: about 0.1 s of CPU), which the
 * first screen does without: they are only needed once a tag's verdicts name a flag, so
 * reading verdicts waits for this.
 */
export function loadSpanFinders(): Promise<void> {
  loading ??= import('../../checks/features/flag-spans.js').then((module) => {
    findFlagSpans = module.findFlagSpans;
  });
  return loading;
}

/**
 * `fired`: the candidate's flags. The finders read the whole text (a 200 KB trace takes a
 * noticeable time), so they run only when one of those flags has a span to show.
 */
export function findCandidateSpans(candidate: Candidate, language: string, question: string, fired: readonly string[]): CandidateSpans {
  const wanted = fired.some((rule) => SPAN_RULES.has(rule));
  const spans = wanted && findFlagSpans ? findFlagSpans(candidate, language, question).filter((span) => fired.includes(span.rule)) : [];
  const final = extractFinalAnswer(candidate.answer, question);
  const finalAnswer =
    final.text !== '' && final.offset >= 0 ? { text: final.text, start: final.offset, end: final.offset + final.length } : null;
  return { spans, finalAnswer };
}
