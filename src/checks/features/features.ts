import type { CandidateLogprobs } from '../../core/types.js';
import type { LanguageFeatures } from '../language/language-features.js';
import type { RefusalKind } from './refusal.js';
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
  /** The phrase the answer refuses with, or the server's refusal message ('' when it does not refuse). */
  refusal: string;
  /** How it refuses ('' when it does not). */
  refusalKind: RefusalKind;
  /** The final answer as written ('' when none was found). */
  finalAnswer: string;
  /** Where the final answer is in the answer text (UTF-16 offset, -1 when none), for highlighting. */
  finalAnswerOffset: number;
  finalAnswerLength: number;
  /** The teacher's token confidence, when its logprobs were kept (issue 10). */
  confidence: ConfidenceFeatures | null;
}

/** From the candidate's logprobs summary (logprobs/confidence-summary.ts). */
export interface ConfidenceFeatures {
  meanLogprob: number;
  minLogprob: number;
  /** P(final answer's tokens); -1 when no final answer was found. */
  finalAnswerProb: number;
}

/** What extraction needs of a candidate. */
export interface CandidateText {
  reasoning: string;
  answer: string;
  finishReason: string | null;
  /** The server's refusal message (OpenAI's `message.refusal`), when it sent one. */
  refusal?: string | null;
  /** The logprobs summary the generator recorded, when there is one. */
  logprobs?: CandidateLogprobs | undefined;
}
