import { analyzeLanguage } from '../language/analyze-language.js';
import { findRequestedLanguages } from '../language/requested-language.js';
import type { CandidateFeatures, CandidateText, ConfidenceFeatures, TextFeatures } from './features.js';
import { extractFinalAnswer } from '../answers/extract/final-answer.js';
import { findRefusal } from './refusal.js';
import { measureRepetition } from './repetition.js';
import { findFormatProblem } from './template-format.js';
import { measureText } from './text-stats.js';

/**
 * The costly part of checking, done once per candidate text; rules then only compare numbers.
 * `question` is the question's text: it can ask for another language ("用英文回答"), and a
 * multiple-choice question's options help find the final answer.
 */
export function extractFeatures(candidate: CandidateText, language: string, question = ''): CandidateFeatures {
  const allowed = findRequestedLanguages(question);
  const refusal = findRefusal(candidate, question);
  const final = extractFinalAnswer(candidate.answer, question);
  const cutOff = candidate.finishReason === 'length';
  return {
    // Both fields: a trace cut off at max_tokens comes with an empty or placeholder answer.
    reasoning: extractTextFeatures(candidate.reasoning, language, allowed, question, cutOff),
    answer: extractTextFeatures(candidate.answer, language, allowed, question, cutOff),
    finishReason: candidate.finishReason ?? '',
    formatProblem: findFormatProblem(candidate.reasoning, candidate.answer),
    refusal: refusal.text,
    refusalKind: refusal.kind,
    finalAnswer: final.text,
    finalAnswerOffset: final.offset,
    finalAnswerLength: final.length,
    confidence: confidenceOf(candidate.logprobs),
  };
}

function confidenceOf(logprobs: CandidateText['logprobs']): ConfidenceFeatures | null {
  if (!logprobs || !('tokens' in logprobs)) return null;
  const final = logprobs.finalAnswerLogprob;
  return { meanLogprob: logprobs.meanLogprob, minLogprob: logprobs.minLogprob, finalAnswerProb: final === null ? -1 : Math.exp(final) };
}

function extractTextFeatures(text: string, language: string, allowed: readonly string[], question: string, cutOff: boolean): TextFeatures {
  const stats = measureText(text);
  // A runaway text (megabytes: a teacher that looped) is measured whole, and judged for language
  // and repetition on its beginning and end: whole, these two took minutes and gigabytes per tag.
  const sample = text.length > HUGE_TEXT_CHARS ? `${text.slice(0, HUGE_HEAD_CHARS)}\n\n${text.slice(-HUGE_TAIL_CHARS)}` : text;
  return {
    chars: stats.chars,
    tokens: stats.tokens,
    maxParagraphChars: stats.maxParagraphChars,
    language: analyzeLanguage(sample, language, allowed, question),
    repetition: measureRepetition(sample, cutOff),
  };
}

/** Texts longer than this are judged for language and repetition on a sample of their head and tail. */
export const HUGE_TEXT_CHARS = 1_000_000;
const HUGE_HEAD_CHARS = 400_000;
const HUGE_TAIL_CHARS = 100_000;
