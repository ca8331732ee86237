// One row of the logprobs Parquet file (issue 10): the teacher's tokens of one exported record,
// placed in the record's assistant text by byte offset, so a trainer can align them to its own
// tokenizer. Pure: the candidate, its logprobs and the reasoning mode in, the row out.
import type { SoftLabels } from '../logprobs/soft-labels.js';
import type { ReasoningMode } from './export-options.js';
import { wrapThink } from './format-record.js';

export interface LogprobsRow {
  id: string;
  tokens: string[];
  /** null per token when the server gave no ids. */
  tokenIds: (number | null)[];
  /** Where each token's bytes start in the exported assistant text (UTF-8). */
  offsets: number[];
  logprobs: number[];
  topTokens: string[][];
  topIds: (number | null)[][];
  topLogprobs: number[][];
}

const decoder = new TextDecoder();

/**
 * The tokens that fall in the exported assistant text: with `think`, reasoning and answer (the
 * text is `<think>\n{reasoning}\n</think>\n\n{answer}`); otherwise the answer's alone. A
 * token of the teacher's own markup or trimmed whitespace lies outside both and is left out; one
 * that starts in trimmed whitespace and runs into the text gets the text's first byte as offset.
 */
export function logprobsRow(id: string, labels: SoftLabels | null, reasoning: string, answer: string, mode: ReasoningMode): LogprobsRow {
  const row: LogprobsRow = { id, tokens: [], tokenIds: [], offsets: [], logprobs: [], topTokens: [], topIds: [], topLogprobs: [] };
  if (!labels) return row;
  // Where each stored field starts in the exported text.
  const answerAt = mode === 'think' ? Buffer.byteLength(wrapThink(reasoning, '')) : 0;
  const fields: [number, number, number][] = [];
  if (mode === 'think') fields.push([labels.reasoningSpan[0], labels.reasoningSpan[1], Buffer.byteLength('<think>\n')]);
  fields.push([labels.answerSpan[0], labels.answerSpan[1], answerAt]);
  let at = 0;
  for (const token of labels.tokens) {
    const start = at;
    const end = at + token.bytes.length;
    at = end;
    const field = fields.find(([from, to]) => end > from && start < to);
    if (!field) continue;
    const [from, , exportedAt] = field;
    row.tokens.push(decoder.decode(token.bytes));
    row.tokenIds.push(token.id);
    row.offsets.push(exportedAt + Math.max(0, start - from));
    row.logprobs.push(token.logprob);
    row.topTokens.push(token.top.map((choice) => decoder.decode(choice.bytes)));
    row.topIds.push(token.top.map((choice) => choice.id));
    row.topLogprobs.push(token.top.map((choice) => choice.logprob));
  }
  return row;
}
