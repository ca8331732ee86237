import type { SampledToken, TokenChoice } from './soft-labels.js';

// A server's `logprobs.content` list, checked entry by entry. Anything off (NaN, a
// positive log-probability, more alternatives than asked) makes the whole list
// unusable: a trainer must never learn from numbers we could not trust.

/** Rounding in servers' float math can give a hair above 0 for a certain token. */
const POSITIVE_SLACK = 1e-4;
const TOKEN_ID = /^token_id:(\d+)$/;
const TOKEN_ID_PREFIX = 'token_id:';
const encoder = new TextEncoder();

/**
 * The bytes last seen for each token text. A reply at topK 5 holds six choices per token
 * from a vocabulary that repeats across answers: sharing one Uint8Array per token saves
 * an allocation per choice (the garbage collector's work dominated a logprobs run), and
 * lets the sidecar's dictionary find a token by identity. Never mutated once made.
 */
const knownBytes = new Map<string, Uint8Array>();
const MAX_KNOWN_TOKENS = 1 << 17;

export type TokenListRead = { tokens: SampledToken[] } | { problem: string };

export function readTokenLogprobs(list: unknown, topK: number): TokenListRead {
  if (!Array.isArray(list)) return { problem: 'logprobs.content is not a list' };
  const tokens: SampledToken[] = [];
  for (let index = 0; index < list.length; index++) {
    const entry: unknown = list[index];
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
    tokens.push({ bytes: sampled.bytes, id: sampled.id, logprob: sampled.logprob, top: withSampled(top, sampled) });
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
  const bytes = readBytes(record['bytes'], token);
  if (bytes === 'bad') return 'bytes is not a list of byte values';
  const idMatch = token.startsWith(TOKEN_ID_PREFIX) ? TOKEN_ID.exec(token) : null;
  if (idMatch && !bytes) return `${token} came without its bytes`;
  return {
    bytes: bytes ?? textBytes(token),
    id: idMatch ? Number(idMatch[1]) : null,
    logprob: Math.min(0, logprob),
  };
}

/** The bytes a server listed for `token` (checked), the shared copy when they are the ones seen before. */
function readBytes(value: unknown, token: string): Uint8Array | null | 'bad' {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) return 'bad';
  const seen = knownBytes.get(token);
  if (seen && sameBytes(seen, value)) return seen;
  for (const byte of value) if (!Number.isInteger(byte) || byte < 0 || byte > 255) return 'bad';
  return remember(token, Uint8Array.from(value as number[]));
}

function textBytes(token: string): Uint8Array {
  return knownBytes.get(token) ?? remember(token, encoder.encode(token));
}

function remember(token: string, bytes: Uint8Array): Uint8Array {
  if (knownBytes.size >= MAX_KNOWN_TOKENS) knownBytes.clear();
  knownBytes.set(token, bytes);
  return bytes;
}

function sameBytes(bytes: Uint8Array, list: unknown[]): boolean {
  if (bytes.length !== list.length) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== list[i]) return false;
  return true;
}

/** Sorted most likely first; the sampled token is added when the server's top list lacks it (OpenAI's may). */
function withSampled(top: TokenChoice[], sampled: TokenChoice): TokenChoice[] {
  const has = top.some((choice) => sameToken(choice, sampled));
  const all = has ? top : [...top, { bytes: sampled.bytes, id: sampled.id, logprob: sampled.logprob }];
  return isSorted(all) ? all : all.sort((a, b) => b.logprob - a.logprob);
}

/** Servers send the list sorted already; sorting it again is work for nothing. */
function isSorted(choices: TokenChoice[]): boolean {
  for (let i = 1; i < choices.length; i++) if (choices[i]!.logprob > choices[i - 1]!.logprob) return false;
  return true;
}

export function sameToken(a: TokenChoice, b: TokenChoice): boolean {
  if (a.id !== null && b.id !== null) return a.id === b.id;
  if (a.bytes === b.bytes) return true;
  if (a.bytes.length !== b.bytes.length) return false;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return false;
  return true;
}
