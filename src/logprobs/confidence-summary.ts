import type { CandidateLogprobs, LogprobsSummary } from '../core/types.js';
import type { SoftLabels } from './soft-labels.js';

export function isLogprobsSummary(value: CandidateLogprobs | undefined): value is LogprobsSummary {
  return value !== undefined && 'tokens' in value;
}

/** `finalAnswer`: where the final answer is in the answer text (UTF-16 offset and length), when one was found. */
export function summarizeConfidence(
  labels: SoftLabels,
  answer: string,
  finalAnswer: { offset: number; length: number } | null,
): LogprobsSummary {
  let sum = 0;
  let min = 0;
  for (const token of labels.tokens) {
    sum += token.logprob;
    min = Math.min(min, token.logprob);
  }
  return {
    topK: labels.topK,
    tokens: labels.tokens.length,
    meanLogprob: labels.tokens.length ? round(sum / labels.tokens.length) : 0,
    minLogprob: round(min),
    finalAnswerLogprob: finalAnswer && finalAnswer.offset >= 0 ? round(spanLogprob(labels, answer, finalAnswer)) : null,
  };
}

/** Bytes [start, end) of a UTF-16 range of the answer, in the tokens' concatenated bytes. */
export function answerByteRange(labels: SoftLabels, answer: string, range: { offset: number; length: number }): [number, number] {
  const start = labels.answerSpan[0] + Buffer.byteLength(answer.slice(0, range.offset));
  return [start, start + Buffer.byteLength(answer.slice(range.offset, range.offset + range.length))];
}

/** Sum over the tokens that overlap the range. */
function spanLogprob(labels: SoftLabels, answer: string, range: { offset: number; length: number }): number {
  const [start, end] = answerByteRange(labels, answer, range);
  let at = 0;
  let sum = 0;
  for (const token of labels.tokens) {
    const tokenEnd = at + token.bytes.length;
    if (tokenEnd > start && at < end) sum += token.logprob;
    at = tokenEnd;
  }
  return sum;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
