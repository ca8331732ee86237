import type { SampledToken, TokenChoice } from './soft-labels.js';

// A server's `logprobs.content` list, checked entry by entry. Anything off (NaN, a
// positive log-probability, more alternatives than asked) makes the whole list
// unusable: a trainer must never learn from numbers we could not trust.

/** Rounding in servers' float math can give a hair above 0 for a certain token. */
const POSITIVE_SLACK = 1e-4;
const TOKEN_ID = /^token_id:(\d+)$/;
const encoder = new TextEncoder();

export type TokenListRead = { tokens: SampledToken[] } | { problem: string };

export function readTokenLogprobs(list: unknown, topK: number): TokenListRead {
  if (!Array.isArray(list)) return { problem: 'logprobs.content is not a list' };
  const tokens: SampledToken[] = [];
  for (const [index, entry] of list.entries()) {
    const sampled = readChoice(entry);
    if (typeof sampled === 'string') return { problem: `token ${index}: ${sampled}` };
    const topList = (entry as Record<string, unknown>)['top_logprobs'] ?? [];
    if (!Array.isArray(topList)) return { problem: `token ${index}: top_logprobs is not a list` };
    if (topList.length > topK) return { problem: `token ${index}: ${topList.length} alternatives where ${topK} were asked for` };
    const top: TokenChoice[] = [];
    for (const alternative of topList) {
      const choice = readChoice(alternative);
      if (typeof choice === 'string') return { problem: `token ${index}, an alternative: ${choice}` };
      top.push(choice);
    }
    tokens.push({ ...sampled, top: withSampled(top, sampled) });
  }
  return { tokens };
}

function readChoice(value: unknown): TokenChoice | string {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const record = value as Record<string, unknown>;
  const token = record['token'];
  const logprob = record['logprob'];
  if (typeof token !== 'string') return 'no token text';
  if (typeof logprob !== 'number' || Number.isNaN(logprob)) return `log-probability ${String(logprob)} is not a number`;
  if (logprob > POSITIVE_SLACK) return `log-probability ${logprob} is above 0`;
  const bytes = readBytes(record['bytes']);
  if (bytes === 'bad') return 'bytes is not a list of byte values';
  const idMatch = TOKEN_ID.exec(token);
  if (idMatch && !bytes) return `${token} came without its bytes`;
  return {
    bytes: bytes ?? encoder.encode(token),
    id: idMatch ? Number(idMatch[1]) : null,
    logprob: Math.min(0, logprob),
  };
}

function readBytes(value: unknown): Uint8Array | null | 'bad' {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) return 'bad';
  for (const byte of value) if (!Number.isInteger(byte) || byte < 0 || byte > 255) return 'bad';
  return Uint8Array.from(value as number[]);
}

/** Sorted most likely first; the sampled token is added when the server's top list lacks it (OpenAI's may). */
function withSampled(top: TokenChoice[], sampled: TokenChoice): TokenChoice[] {
  const has = top.some((choice) => sameToken(choice, sampled));
  const all = has ? top : [...top, { bytes: sampled.bytes, id: sampled.id, logprob: sampled.logprob }];
  return all.sort((a, b) => b.logprob - a.logprob);
}

export function sameToken(a: TokenChoice, b: TokenChoice): boolean {
  if (a.id !== null && b.id !== null) return a.id === b.id;
  if (a.bytes.length !== b.bytes.length) return false;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return false;
  return true;
}
