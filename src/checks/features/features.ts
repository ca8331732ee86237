import type { LanguageFeatures } from '../language/language-features.js';
import type { RepetitionFeatures } from './repetition.js';
import type { FormatProblem } from './template-format.js';

/** Features of one text field (the reasoning trace or the answer). */
export interface TextFeatures {
  chars: number;
  tokens: number;
  maxParagraphChars: number;
  language: LanguageFeatures;
  repetition: RepetitionFeatures;
}

/** Everything the rules need to know about one candidate, computed once. */
export interface CandidateFeatures {
  reasoning: TextFeatures;
  answer: TextFeatures;
  /** As reported ('' when unknown). */
  finishReason: string;
  formatProblem: FormatProblem;
  /** The refusal phrase the answer opens with, or ''. */
  refusal: string;
  /** The final answer as written ('' when none was found). */
  finalAnswer: string;
  /** Where the final answer is in the answer text (UTF-16 offset, -1 when none), for highlighting. */
  finalAnswerOffset: number;
  finalAnswerLength: number;
}

/** What extraction needs of a candidate. */
export interface CandidateText {
  reasoning: string;
  answer: string;
  finishReason: string | null;
}
