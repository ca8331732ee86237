import type { RuleId } from '../rules/rule-ids.js';
import { analyzeLanguageSpans } from '../language/analyze-language.js';
import { findRequestedLanguages } from '../language/requested-language.js';
import type { CandidateText } from './features.js';
import { findRefusalSpan } from './refusal.js';
import { findRepetitionSpans } from './repetition.js';

/** A stretch of a candidate's text that a flag is about: offsets into that field's text. */
export interface FlagSpan {
  rule: RuleId;
  field: 'reasoning' | 'answer';
  start: number;
  end: number;
}

/**
 * The spans each text flag could point at, for one candidate (the review screen
 * highlights those of the flags that fired): the other-language words, the loop or
 * the repeated sentence, the refusal phrase. Recomputed from the text, not cached:
 * one candidate costs well under a millisecond.
 */
export function findFlagSpans(candidate: CandidateText, language: string, question = ''): FlagSpan[] {
  const allowed = findRequestedLanguages(question);
  const spans: FlagSpan[] = [];
  for (const field of ['reasoning', 'answer'] as const) {
    const text = candidate[field];
    if (text === '') continue;
    for (const span of analyzeLanguageSpans(text, language, allowed, question).spans) {
      spans.push({ rule: 'mixed_language', field, start: span.start, end: span.end });
      spans.push({ rule: 'wrong_language', field, start: span.start, end: span.end });
    }
    for (const span of findRepetitionSpans(text)) spans.push({ rule: 'repetition', field, start: span.start, end: span.end });
  }
  const refusal = findRefusalSpan(candidate.answer);
  if (refusal) spans.push({ rule: 'refusal', field: 'answer', start: refusal.start, end: refusal.end });
  return spans;
}
