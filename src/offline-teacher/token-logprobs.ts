// Consistent made-up token log-probabilities for the offline teacher (issue 10): the
// tokens concatenate exactly to the text, each top list is sorted, at most k long,
// every value ≤ 0, and the sampled token is in it. Deterministic, so tests can rely on it.

/** A Han character alone; a word with the spaces before it; one other character with its spaces; a run of spaces. */
const TOKEN = /\p{Script=Han}|\s*[\p{L}\p{N}]{1,10}|\s*[^\s\p{L}\p{N}]|\s+/gu;
const VOCABULARY_SIZE = 151_000;
const encoder = new TextEncoder();

export interface OfflineLogprobsAsk {
  topK: number;
  /** vLLM's `return_tokens_as_token_ids`. */
  tokenIds: boolean;
  /** Tells the samples of one question apart: each draws its own confidence. */
  sample?: string;
}

interface WireChoice {
  token: string;
  bytes: number[];
  logprob: number;
}

export interface WireToken extends WireChoice {
  top_logprobs: WireChoice[];
}

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * Log-probabilities for every token of a reply, as JSON, one string per token (`from`: the
 * position of the first). `seed` (the reply's content) decides how sure this reply is: about
 * one reply in four is unsure, with a few tokens far down the distribution, so that the demo
 * has low-confidence answers to show. A token's entry
 * depends only on the reply's table (its seed, whether it is unsure, topK, ids) and on the
 * token and its position, so it is built once per table and reused by every request that
 * shares it: the bench's thousands of answers at topK 5 cost the server a JSON.stringify of
 * six objects per token each (about 3 ms an answer) when built per request.
 */
export function tokenLogprobsJson(tokens: readonly string[], ask: OfflineLogprobsAsk, seed: string, from = 0): string[] {
  const unsure = isUnsure(ask, seed);
  const table = tableOf(`${ask.topK}\u0000${ask.tokenIds}\u0000${unsure}\u0000${seed}`);
  return tokens.map((token, index) => {
    const position = from + index;
    const key = `${position}\u0000${token}`;
    let json = table.get(key);
    if (json === undefined) {
      json = JSON.stringify(wireToken(token, position, seed, unsure, ask));
      if (table.size < MAX_ENTRIES_PER_TABLE) table.set(key, json);
    }
    return json;
  });
}

/** Tables kept at once, and entries per table: enough for any bench, bounded for a long demo. */
const MAX_TABLES = 256;
const MAX_ENTRIES_PER_TABLE = 100_000;
const tables = new Map<string, Map<string, string>>();

function tableOf(key: string): Map<string, string> {
  let table = tables.get(key);
  if (!table) {
    if (tables.size >= MAX_TABLES) tables.clear();
    tables.set(key, (table = new Map<string, string>()));
  }
  return table;
}

function isUnsure(ask: OfflineLogprobsAsk, seed: string): boolean {
  return hash(`${seed}\u0000${ask.sample ?? ''}`) % 4 === 0;
}

function wireToken(token: string, position: number, seed: string, unsure: boolean, ask: OfflineLogprobsAsk): WireToken {
  const h = hash(`${token}\u0000${position}\u0000${seed}`);
  const doubtful = unsure ? h % 3 === 0 : h % 97 === 0;
  const sampled = doubtful ? -(1.5 + (h % 300) / 100) : -((h % 250) / 1000);
  const top = alternatives(token, sampled, ask, h);
  return { ...wire(token, sampled, ask), top_logprobs: top };
}

/** k choices, most likely first, holding the sampled token: when it was unlikely, better ones come before it. */
function alternatives(token: string, sampled: number, ask: OfflineLogprobsAsk, h: number): WireChoice[] {
  const others: number[] = [];
  // The probability left over for the others, split so that the whole stays below 1.
  const rest = Math.max(1e-6, 1 - Math.exp(sampled));
  for (let i = 1; i < ask.topK; i++) others.push(Math.log(rest / 2 ** i) - ((h >> i) % 7) / 100);
  const choices = others.map((logprob, i) => wire(variant(token, i + 1), logprob, ask));
  choices.push(wire(token, sampled, ask));
  return choices.sort((a, b) => b.logprob - a.logprob);
}

/** Endings that make a token into another plausible one: distinct, so no two alternatives are the same token. */
const ENDINGS = ['s', '.', ',', 'ed', 'ing', ':', 'er', 'ly', '!', "'s", ';', 'al', 'es', '?', 'ion', ')', 'est', '-', 'en'];

function variant(token: string, i: number): string {
  return `${token}${ENDINGS[(i - 1) % ENDINGS.length]!}`;
}

function wire(token: string, logprob: number, ask: OfflineLogprobsAsk): WireChoice {
  const bytes = Array.from(encoder.encode(token));
  const text = ask.tokenIds ? `token_id:${hash(token) % VOCABULARY_SIZE}` : token;
  return { token: text, bytes, logprob: Math.round(logprob * 1e6) / 1e6 };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
