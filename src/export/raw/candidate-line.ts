// A stored candidate line read for the export's fast path: its texts stay bytes. The store writes
// each candidate with JSON.stringify (one object, no spaces); for such a line the reasoning and
// the answer are found as byte ranges (their JSON-escaped bodies, canonical: see
// json-string-bytes.ts) and only the rest of the line (ids, model, usage: a few hundred bytes)
// is parsed. The export then copies those bodies into its records instead of decoding, parsing,
// stringifying and re-encoding kilobytes of text per record. A line this reader is not sure of
// (spaces, control bytes, other escapes, invalid UTF-8, a key it would have to unescape) gives
// null, and the caller reads it the ordinary way; so is a damaged line, which that way reports.
import { isUtf8 } from 'node:buffer';
import type { Candidate } from '../../core/types.js';
import { isCandidate } from '../../store/record-guards.js';
import { hasControlByte, LineStrings } from './json-string-bytes.js';

const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** A candidate whose texts are byte ranges of `line` (its `reasoning` and `answer` fields are ''). */
export interface RawCandidate {
  /** Everything but the two texts, parsed. */
  candidate: Candidate;
  /** The line's bytes (a view of the shard file); the offsets below are into it. */
  line: Buffer;
  /** The JSON bodies (between the quotes) of the texts and of the id. */
  reasoningStart: number;
  reasoningEnd: number;
  answerStart: number;
  answerEnd: number;
  idStart: number;
  idEnd: number;
  /** Whether each text body has escapes (else it is the text's UTF-8 as it is). */
  reasoningEscaped: boolean;
  answerEscaped: boolean;
}

const REASONING = Buffer.from('reasoning');
const ANSWER = Buffer.from('answer');
const ID = Buffer.from('id');

function isKey(line: Buffer, start: number, end: number, key: Buffer): boolean {
  return end - start === key.length && line.compare(key, 0, key.length, start, end) === 0;
}

const strings = new LineStrings();
/** The line's remaining fields, with the texts cut out (`"reasoning":""`); reused between lines. */
let skeleton = Buffer.allocUnsafe(4096);

/** Index of the `,` or closing bracket just past a non-string value (number, literal, object, array) at `at`, or -1. */
function skipValue(line: Buffer, at: number): number {
  let depth = 0;
  for (let i = at; i < line.length; i++) {
    const byte = line[i]!;
    if (byte === QUOTE) {
      i = strings.scan(i + 1);
      if (i < 0) return -1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (depth === 0) return i;
      depth -= 1;
    } else if (byte === COMMA && depth === 0) return i;
  }
  return -1;
}

/** The candidate of the line `bytes[start, end)`, texts as ranges; null when the line must be read the ordinary way. */
export function scanCandidateLine(bytes: Buffer, start: number, end: number): RawCandidate | null {
  if (end - start < 2 || bytes[start] !== OPEN_BRACE || bytes[end - 1] !== CLOSE_BRACE) return null;
  const line = bytes.subarray(start, end);
  if (hasControlByte(line, 0, line.length) || !isUtf8(line)) return null;
  strings.reset(line);
  let rs = -1;
  let re = -1;
  let rx = false;
  let as = -1;
  let ae = -1;
  let ax = false;
  let is = -1;
  let ie = -1;
  if (skeleton.length < line.length) skeleton = Buffer.allocUnsafe(Math.max(line.length, skeleton.length * 2));
  let used = 0;
  let copiedFrom = 0;
  const last = line.length - 1;
  let at = 1;
  while (at < last) {
    if (line[at] !== QUOTE) return null;
    const keyStart = at + 1;
    const keyEnd = strings.scan(keyStart);
    if (keyEnd < 0 || strings.escapes > 0 || line[keyEnd + 1] !== COLON) return null;
    const valueAt = keyEnd + 2;
    let next: number;
    if (line[valueAt] === QUOTE) {
      const valueEnd = strings.scan(valueAt + 1);
      if (valueEnd < 0) return null;
      next = valueEnd + 1;
      const reasoning = isKey(line, keyStart, keyEnd, REASONING);
      if (reasoning || isKey(line, keyStart, keyEnd, ANSWER)) {
        if (reasoning) {
          rs = valueAt + 1;
          re = valueEnd;
          rx = strings.escapes > 0;
        } else {
          as = valueAt + 1;
          ae = valueEnd;
          ax = strings.escapes > 0;
        }
        // Keep `"key":"` and the closing quote, drop the body.
        used += line.copy(skeleton, used, copiedFrom, valueAt + 1);
        copiedFrom = valueEnd;
      } else if (isKey(line, keyStart, keyEnd, ID)) {
        is = valueAt + 1;
        ie = valueEnd;
      }
    } else {
      next = skipValue(line, valueAt);
      if (next < 0) return null;
    }
    if (next === last) break;
    if (line[next] !== COMMA) return null;
    at = next + 1;
  }
  if (rs < 0 || as < 0 || is < 0) return null;
  used += line.copy(skeleton, used, copiedFrom, line.length);
  let value: unknown;
  try {
    value = JSON.parse(skeleton.toString('utf8', 0, used));
  } catch {
    return null;
  }
  if (!isCandidate(value)) return null;
  return {
    candidate: value,
    line,
    reasoningStart: rs,
    reasoningEnd: re,
    answerStart: as,
    answerEnd: ae,
    idStart: is,
    idEnd: ie,
    reasoningEscaped: rx,
    answerEscaped: ax,
  };
}
