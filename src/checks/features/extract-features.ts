import { analyzeLanguage } from '../language/analyze-language.js';
import type { CandidateFeatures, CandidateText, TextFeatures } from './features.js';
import { extractFinalAnswer } from '../answers/extract/final-answer.js';
import { matchRefusal } from './refusal.js';
import { measureRepetition } from './repetition.js';
import { findFormatProblem } from './template-format.js';
import { measureText } from './text-stats.js';

/**
 * The costly part of checking, done once per candidate text; rules then only compare numbers.
 * `question` is the question's text: a multiple-choice question's options help find the final answer.
 */
export function extractFeatures(candidate: CandidateText, language: string, question = ''): CandidateFeatures {
  const final = extractFinalAnswer(candidate.answer, question);
  return {
    reasoning: extractTextFeatures(candidate.reasoning, language),
    answer: extractTextFeatures(candidate.answer, language),
    finishReason: candidate.finishReason ?? '',
    formatProblem: findFormatProblem(candidate.reasoning, candidate.answer),
    refusal: matchRefusal(candidate.answer),
    finalAnswer: final.text,
    finalAnswerOffset: final.offset,
    finalAnswerLength: final.length,
  };
}

function extractTextFeatures(text: string, language: string): TextFeatures {
  const stats = measureText(text);
  return {
    chars: stats.chars,
    tokens: stats.tokens,
    maxParagraphChars: stats.maxParagraphChars,
    language: analyzeLanguage(text, language),
    repetition: measureRepetition(text),
  };
}
