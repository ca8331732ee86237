// A candidate line too big to keep (a runaway trace of 20 MB): its reasoning and answer are
// located in the line's bytes, decoded piece by piece once (which checks them as JSON and counts
// their characters) and left in the shard; the rest of the record is parsed as usual. What stays
// in memory is the record without its texts and, per huge text, one offset pair per 64 KB.
import { attachTextSources, detachTextSource, type CandidateTextField, type TextSource } from '../core/candidate-text.js';
import type { Candidate } from '../core/types.js';
import { isCandidate } from './record-guards.js';
import { ShardText, type TextPiece } from './shard-text.js';

/** Lines longer than this keep their big texts on disk. */
export const HUGE_LINE_BYTES = 256 * 1024;
/** Literals shorter than this are kept as strings even in a huge line. */
const LAZY_TEXT_BYTES = 64 * 1024;
/** Bytes per piece of a lazy text (a slice decodes one or two). */
const PIECE_BYTES = 64 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const FIELDS: readonly CandidateTextField[] = ['reasoning', 'answer'];

interface Literal {
  field: CandidateTextField;
  /** Offsets in the line of the literal's content (inside the quotes). */
  start: number;
  end: number;
}

/**
 * The record of a huge line with lazy texts, or null when the line is not laid out as the store
 * writes it (or is not valid JSON): the caller then parses it whole, which also names the problem.
 */
export function decodeHugeCandidate(file: string, lineStart: number, line: Buffer): Candidate | null {
  const literals: Literal[] = [];
  for (const field of FIELDS) {
    const literal = findLiteral(line, field);
    if (!literal) return null;
    literals.push(literal);
  }
  literals.sort((a, b) => a.start - b.start);
  if (literals[0]!.end >= literals[1]!.start) return null;
  const texts: Partial<Record<CandidateTextField, TextSource>> = {};
  const kept: Partial<Record<CandidateTextField, string>> = {};
  for (const literal of literals) {
    if (literal.end - literal.start < LAZY_TEXT_BYTES) {
      const value = parseString(line, literal.start, literal.end);
      if (value === null) return null;
      kept[literal.field] = value;
      continue;
    }
    const decoded = decodePieces(line, literal, lineStart);
    if (!decoded) return null;
    texts[literal.field] = new ShardText(file, decoded.pieces, decoded.length);
  }
  // The record with both literals emptied: small, parsed as any other line.
  const rest = Buffer.concat([
    line.subarray(0, literals[0]!.start),
    line.subarray(literals[0]!.end, literals[1]!.start),
    line.subarray(literals[1]!.end),
  ]);
  let record: unknown;
  try {
    record = JSON.parse(rest.toString('utf8'));
  } catch {
    return null;
  }
  // Another key of the same name later in the line would win in JSON.parse: not ours to guess.
  if (!isCandidate(record) || record.reasoning !== '' || record.answer !== '') return null;
  const candidate: Candidate = record;
  for (const field of FIELDS) {
    const text = texts[field];
    if (text instanceof ShardText) defineLazyField(candidate, field, text);
    else candidate[field] = kept[field]!;
  }
  attachTextSources(candidate, texts);
  return candidate;
}

/** `candidate[field]` reads the whole text from the shard when asked; assigning it keeps the new value. */
function defineLazyField(candidate: Candidate, field: CandidateTextField, text: ShardText): void {
  Object.defineProperty(candidate, field, {
    enumerable: true,
    configurable: true,
    get: () => text.full(),
    set: (value: string) => {
      Object.defineProperty(candidate, field, { value, enumerable: true, configurable: true, writable: true });
      detachTextSource(candidate, field);
    },
  });
}

/** The content range of `"field":"…"` at the record's top level, as JSON.stringify writes it. */
function findLiteral(line: Buffer, field: CandidateTextField): Literal | null {
  const key = Buffer.from(`"${field}":"`);
  let at = line.indexOf(key);
  // Inside a string every quote is escaped, so a key preceded by `{` or `,` is a key of some object;
  // the candidate's nested objects (usage, logprobs) have no such key.
  while (at > 0 && line[at - 1] !== 0x7b && line[at - 1] !== 0x2c) at = line.indexOf(key, at + 1);
  if (at <= 0) return null;
  const start = at + key.length;
  const end = closingQuote(line, start);
  return end < 0 ? null : { field, start, end };
}

/** The first unescaped quote at or after `from`, or -1. */
function closingQuote(line: Buffer, from: number): number {
  for (let at = line.indexOf(QUOTE, from); at >= 0; at = line.indexOf(QUOTE, at + 1)) {
    let backslashes = 0;
    while (line[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

/** Decodes the literal piece by piece: the pieces' offsets and the text's length, or null when it is not a valid string. */
function decodePieces(line: Buffer, literal: Literal, lineStart: number): { pieces: TextPiece[]; length: number } | null {
  const pieces: TextPiece[] = [];
  let length = 0;
  for (let start = literal.start; start < literal.end;) {
    const end = cutAfter(line, start + PIECE_BYTES, literal.end);
    const text = parseString(line, start, end);
    if (text === null) return null;
    pieces.push({ byteStart: lineStart + start, byteEnd: lineStart + end, charStart: length });
    length += text.length;
    start = end;
  }
  return { pieces, length };
}

/**
 * A place at or after `from` where the literal can be cut: before a space or before the first
 * byte of a multi-byte character, neither of which can be part of an escape or of another
 * character. The end of the literal when none is near.
 */
function cutAfter(line: Buffer, from: number, end: number): number {
  if (from >= end) return end;
  const limit = Math.min(end, from + 4096);
  for (let at = from; at < limit; at++) {
    const byte = line[at]!;
    if (byte === 0x20 || byte >= 0xc0) return at;
  }
  const space = line.indexOf(0x20, limit);
  return space < 0 || space >= end ? end : space;
}

function parseString(line: Buffer, start: number, end: number): string | null {
  try {
    const value: unknown = JSON.parse(`"${line.toString('utf8', start, end)}"`);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
