// An export record as a template with four slots (question, reasoning, answer, id), made once
// per tag from formatRecord itself: the record is formatted with marker strings in place of the
// slots, then cut at the markers. Filling the slots with the JSON bodies of the current
// candidate's texts gives exactly the bytes JSON.stringify(formatRecord(…)) would (every piece is
// canonical JSON, and the format only ever joins texts with ASCII between them); filling them
// with the texts' UTF-8 gives the Parquet columns' values.
import { EncodedText } from '../parquet/index.js';
import { formatRecord, type ExportItem, type ExportRecord, type RecordShape } from '../format-record.js';
import { unescapeInto } from './json-string-bytes.js';

export const QUESTION = 0;
export const REASONING = 1;
export const ANSWER = 2;
export const ID = 3;
const SLOTS = 4;

const MARKER = '\u0000distill-slot-';
const marker = (slot: number): string => `${MARKER}${slot}\u0000`;
const JSON_MARKER = /\\u0000distill-slot-(\d)\\u0000/;
// eslint-disable-next-line no-control-regex -- the markers are made of NUL characters on purpose (no text has them there)
const TEXT_MARKER = /\u0000distill-slot-(\d)\u0000/;

const EMPTY = new Uint8Array(0);

/** Where the current record's slot values are: as JSON bodies, and as text (UTF-8, or a body still to unescape). */
export class SlotValues {
  readonly json: Uint8Array[] = Array.from({ length: SLOTS }, () => EMPTY);
  readonly jsonStart = new Int32Array(SLOTS);
  readonly jsonEnd = new Int32Array(SLOTS);
  readonly text: Uint8Array[] = Array.from({ length: SLOTS }, () => EMPTY);
  readonly textStart = new Int32Array(SLOTS);
  readonly textEnd = new Int32Array(SLOTS);
  /** The text view is a JSON body with escapes: unescape it on the way. */
  readonly textEscaped: boolean[] = new Array<boolean>(SLOTS).fill(false);

  /** A slice of a stored line: JSON body, and (escaped or not) the text too. */
  setBody(slot: number, bytes: Uint8Array, start: number, end: number, escaped: boolean): void {
    this.json[slot] = this.text[slot] = bytes;
    this.jsonStart[slot] = this.textStart[slot] = start;
    this.jsonEnd[slot] = this.textEnd[slot] = end;
    this.textEscaped[slot] = escaped;
  }

  /** A text known as a string: its JSON body and its UTF-8, made once by the caller. */
  setEncoded(slot: number, jsonBody: Uint8Array, utf8: Uint8Array): void {
    this.json[slot] = jsonBody;
    this.jsonStart[slot] = 0;
    this.jsonEnd[slot] = jsonBody.length;
    this.text[slot] = utf8;
    this.textStart[slot] = 0;
    this.textEnd[slot] = utf8.length;
    this.textEscaped[slot] = false;
  }
}

/** Literal bytes, or the number of a slot. */
type Piece = Uint8Array | number;

function cut(text: string, markerPattern: RegExp, encode: (literal: string) => Uint8Array): Piece[] {
  const pieces: Piece[] = [];
  const parts = text.split(markerPattern);
  // split with one capture group alternates literal, slot, literal, …
  parts.forEach((part, index) => {
    if (index % 2 === 1) pieces.push(Number(part));
    else if (part !== '') pieces.push(encode(part));
  });
  return pieces;
}

/** A string value of the record with slots in it, for a Parquet string column. */
class SlottedText extends EncodedText {
  constructor(
    private readonly pieces: readonly Piece[],
    private readonly slots: SlotValues,
  ) {
    super();
  }
  maxBytes(): number {
    let bytes = 0;
    for (const piece of this.pieces)
      bytes += typeof piece === 'number' ? this.slots.textEnd[piece]! - this.slots.textStart[piece]! : piece.length;
    return bytes;
  }
  writeUtf8(target: Uint8Array, at: number): number {
    const slots = this.slots;
    for (const piece of this.pieces) {
      if (typeof piece !== 'number') {
        target.set(piece, at);
        at += piece.length;
        continue;
      }
      const source = slots.text[piece]!;
      const start = slots.textStart[piece]!;
      const end = slots.textEnd[piece]!;
      if (slots.textEscaped[piece]) at = unescapeInto(source, start, end, target, at);
      else {
        target.set(source.subarray(start, end), at);
        at += end - start;
      }
    }
    return at;
  }
}

function slotted(value: unknown, slots: SlotValues): unknown {
  if (typeof value === 'string') {
    return TEXT_MARKER.test(value)
      ? new SlottedText(
          cut(value, TEXT_MARKER, (text) => Buffer.from(text, 'utf8')),
          slots,
        )
      : value;
  }
  if (Array.isArray(value)) return value.map((item) => slotted(item, slots));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, slotted(item, slots)]));
  }
  return value;
}

export class RecordTemplate {
  readonly slots = new SlotValues();
  private readonly json: Piece[];
  /** The record with SlottedText values where the slots go: a row for the Parquet columns. */
  readonly row: ExportRecord;

  private constructor(record: ExportRecord) {
    this.json = cut(JSON.stringify(record), JSON_MARKER, (text) => Buffer.from(text, 'utf8'));
    this.row = slotted(record, this.slots) as ExportRecord;
  }

  /** The template of a tag's records; null when its constant texts (system prompt, tag path) could be mistaken for a slot. */
  static of(shape: RecordShape, tagPath: string): RecordTemplate | null {
    if (tagPath.includes(MARKER) || (shape.system ?? '').includes(MARKER)) return null;
    const item: ExportItem = { question: marker(QUESTION), reasoning: marker(REASONING), answer: marker(ANSWER), id: marker(ID), tagPath };
    return new RecordTemplate(formatRecord(item, shape));
  }

  /** Bytes of the current record's JSON. */
  jsonLength(): number {
    const slots = this.slots;
    let bytes = 0;
    for (const piece of this.json) bytes += typeof piece === 'number' ? slots.jsonEnd[piece]! - slots.jsonStart[piece]! : piece.length;
    return bytes;
  }

  /** Writes the current record's JSON into `target` at `at` (jsonLength() bytes free); returns the end. */
  writeJson(target: Uint8Array, at: number): number {
    const slots = this.slots;
    for (const piece of this.json) {
      if (typeof piece === 'number') {
        const start = slots.jsonStart[piece]!;
        const end = slots.jsonEnd[piece]!;
        target.set(slots.json[piece]!.subarray(start, end), at);
        at += end - start;
      } else {
        target.set(piece, at);
        at += piece.length;
      }
    }
    return at;
  }
}
