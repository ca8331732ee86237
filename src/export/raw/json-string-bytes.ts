// JSON string bodies read straight from UTF-8 bytes, for the export's fast path (raw/README in
// candidate-line.ts). A body is "canonical" when it is exactly what JSON.stringify writes for
// its string: escapes only for `"`, `\`, and the control characters (\b \t \n \f \r, else
// \u00xx in lower case), no `\/`, no other \u escape, no raw control character. Canonical
// bodies can be copied into another JSON text as they are, and give the same bytes JSON.stringify
// would; anything else goes the slow way (JSON.parse, then JSON.stringify).

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Control characters JSON.stringify writes as a short escape, never as \u00xx. */
const SHORT_ESCAPES = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);
/** The byte after `\` → the byte it stands for, for the short escapes. */
const UNESCAPE = new Int16Array(128).fill(-1);
for (const [letter, value] of [
  ['"', 0x22],
  ['\\', 0x5c],
  ['b', 0x08],
  ['f', 0x0c],
  ['n', 0x0a],
  ['r', 0x0d],
  ['t', 0x09],
] as const) {
  UNESCAPE[letter.charCodeAt(0)] = value;
}

function lowerHex(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

/**
 * Finds the string bodies of one line, left to right. Works on a view of the line alone (so that
 * the native searches it uses stop at the line's end) and remembers where the next backslash is,
 * so that the line's escapes are looked for once, not once per string.
 */
export class LineStrings {
  private line: Buffer = Buffer.alloc(0);
  private nextSlash = -1;
  /** Escapes in the body last scanned (0: the body is the string's UTF-8 as it is). */
  escapes = 0;

  reset(line: Buffer): void {
    this.line = line;
    this.nextSlash = line.indexOf(BACKSLASH);
  }

  /**
   * Scans a body from `at` (just past its opening quote). Returns the index of its closing
   * quote, or -1 when the body is not canonical or not closed on the line.
   */
  scan(at: number): number {
    const line = this.line;
    // A backslash left behind, outside any string: not JSON.stringify's output.
    if (this.nextSlash >= 0 && this.nextSlash < at) return -1;
    let escapes = 0;
    let from = at;
    for (;;) {
      const quote = line.indexOf(QUOTE, from);
      if (quote < 0) return -1;
      while (this.nextSlash >= 0 && this.nextSlash < quote) {
        const width = escapeWidth(line, this.nextSlash);
        if (width < 0) return -1;
        escapes += 1;
        from = this.nextSlash + width;
        this.nextSlash = line.indexOf(BACKSLASH, from);
      }
      // An escaped quote (\") is part of the body: look for the next one.
      if (from > quote) continue;
      this.escapes = escapes;
      return quote;
    }
  }
}

/** The length of the canonical escape at `at` (a backslash), or -1. */
function escapeWidth(line: Uint8Array, at: number): number {
  const next = line[at + 1] ?? 0;
  if (next < 128 && UNESCAPE[next]! >= 0) return 2;
  if (next !== 0x75 || at + 5 >= line.length || line[at + 2] !== 0x30 || line[at + 3] !== 0x30) return -1;
  const high = lowerHex(line[at + 4]!);
  const low = lowerHex(line[at + 5]!);
  if (high < 0 || high > 1 || low < 0 || SHORT_ESCAPES.has(high * 16 + low)) return -1;
  return 6;
}

/** Whether bytes[start, end) holds a byte below 0x20 (checked four bytes at a time where aligned). */
export function hasControlByte(bytes: Buffer, start: number, end: number): boolean {
  let i = start;
  const base = bytes.byteOffset;
  while (i < end && ((base + i) & 3) !== 0) if (bytes[i++]! < 0x20) return true;
  const words = new Uint32Array(bytes.buffer, base + i, (end - i) >> 2);
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    // Some byte of the word is below 0x20 (the classic "has less than" bit trick; exact as a yes/no).
    if (((word - 0x20202020) & ~word & 0x80808080) !== 0) return true;
  }
  for (i += words.length << 2; i < end; i++) if (bytes[i]! < 0x20) return true;
  return false;
}

/**
 * Writes the string a canonical body stands for, as UTF-8, into `target` at `at`; returns the
 * end. The result is never longer than the body, so a target with the body's length free suffices.
 */
export function unescapeInto(source: Uint8Array, start: number, end: number, target: Uint8Array, at: number): number {
  let from = start;
  let out = at;
  for (;;) {
    const slash = source.indexOf(BACKSLASH, from);
    if (slash < 0 || slash >= end) break;
    target.set(source.subarray(from, slash), out);
    out += slash - from;
    const next = source[slash + 1]!;
    if (next === 0x75) {
      target[out++] = lowerHex(source[slash + 4]!) * 16 + lowerHex(source[slash + 5]!);
      from = slash + 6;
    } else {
      target[out++] = UNESCAPE[next]!;
      from = slash + 2;
    }
  }
  target.set(source.subarray(from, end), out);
  return out + end - from;
}

/**
 * True when a canonical body holds a character that is not white space (what the export
 * schemas' `\S` asks of a question or an answer), looking past leading blanks. False means "not
 * sure" (a blank body, or escapes other than \n \t \r \f before the first visible character):
 * the caller checks the decoded string instead.
 */
export function startsVisible(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte === 0x20) continue;
    if (byte === BACKSLASH) {
      const next = bytes[i + 1];
      if (next === 0x6e || next === 0x74 || next === 0x72 || next === 0x66) {
        i += 1;
        continue;
      }
      return next === 0x22 || next === BACKSLASH;
    }
    if (byte < 0x80) return byte > 0x20 && byte < 0x7f;
    const space = unicodeSpaceLength(bytes, i);
    if (space === 0) return true;
    i += space - 1;
  }
  return false;
}

/**
 * The length of the UTF-8 sequence at `at` when it is a character JS's `\s` counts as white
 * space (U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF), else 0.
 */
function unicodeSpaceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at]!;
  const second = bytes[at + 1];
  const third = bytes[at + 2];
  if (lead === 0xc2) return second === 0xa0 ? 2 : 0;
  if (lead === 0xe1) return second === 0x9a && third === 0x80 ? 3 : 0;
  if (lead === 0xe2) {
    if (second === 0x80)
      return third !== undefined && (third <= 0x8a || third === 0xa8 || third === 0xa9 || third === 0xaf) && third >= 0x80 ? 3 : 0;
    return second === 0x81 && third === 0x9f ? 3 : 0;
  }
  if (lead === 0xe3) return second === 0x80 && third === 0x80 ? 3 : 0;
  if (lead === 0xef) return second === 0xbb && third === 0xbf ? 3 : 0;
  return 0;
}
