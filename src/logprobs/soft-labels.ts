// The teacher's token distributions for one candidate (issue 10): plain data, no I/O.

/** One token: its UTF-8 bytes (a token may hold part of a character), the server's id when it gave one, its log-probability. */
export interface TokenChoice {
  bytes: Uint8Array;
  /** The tokenizer's id (vLLM's `return_tokens_as_token_ids`); null when the server sent text only. */
  id: number | null;
  logprob: number;
}

/** A sampled token and the most likely tokens at its position, most likely first; the sampled one is among them. */
export interface SampledToken extends TokenChoice {
  top: TokenChoice[];
}

/**
 * Every token the teacher generated, reasoning first, in order. Their bytes concatenated
 * are the raw text it sent (reasoning field, then content, `<think>` markup included);
 * the spans say where in those bytes the stored reasoning and answer are.
 */
export interface SoftLabels {
  topK: number;
  tokens: SampledToken[];
  /** Tokens [0, reasoningTokens) come before the answer; the rest hold the answer (and any markup around it). */
  reasoningTokens: number;
  /** Byte ranges [start, end) of the stored reasoning and answer in the tokens' concatenated bytes. */
  reasoningSpan: [number, number];
  answerSpan: [number, number];
}

/** What the client hands over beside the text when logprobs were asked for. */
export type SoftLabelCapture =
  | { kind: 'kept'; labels: SoftLabels }
  /** The server sent logprobs, but not usable ones: the text is kept, these are not. */
  | { kind: 'dropped'; reason: string }
  /** The server refused the logprobs parameter or ignored it: the answer came without them. */
  | { kind: 'unsupported'; reason: string };

export function concatBytes(tokens: readonly TokenChoice[]): Uint8Array {
  let length = 0;
  for (const token of tokens) length += token.bytes.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const token of tokens) {
    out.set(token.bytes, at);
    at += token.bytes.length;
  }
  return out;
}
