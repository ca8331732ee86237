// A huge text of a candidate left in its shard: the bytes of its JSON string literal, cut into
// pieces at places no escape or character spans, with the character offset where each piece
// starts. A slice reads and decodes only the pieces it covers; `full()` reads the whole literal.
import { closeSync, openSync, readSync } from 'node:fs';
import type { TextSource } from '../core/candidate-text.js';
import { StoreError } from './store-error.js';

export interface TextPiece {
  /** Absolute byte offsets in the shard of the piece (inside the string literal, quotes excluded). */
  byteStart: number;
  byteEnd: number;
  /** UTF-16 offset in the decoded text where the piece starts. */
  charStart: number;
}

/** Whole texts read lately (the detail pane, a check, an export row): a few, so memory stays flat. */
const FULL_TEXTS_KEPT = 2;
const fullTexts = new Map<ShardText, string>();
/** Pieces decoded per read when a whole text is asked for. */
const PIECES_PER_READ = 32;

export class ShardText implements TextSource {
  /** The last pieces decoded, by index: a lazy wrap reads a piece in several slices. */
  private readonly decoded = new Map<number, string>();

  constructor(
    readonly file: string,
    private readonly pieces: readonly TextPiece[],
    readonly length: number,
  ) {}

  /** The whole text (read from the shard; the last few are kept). */
  full(): string {
    const kept = fullTexts.get(this);
    if (kept !== undefined) {
      fullTexts.delete(this);
      fullTexts.set(this, kept);
      return kept;
    }
    // Decoded a few megabytes at a time: the whole literal as one buffer and one string besides the text tripled the peak.
    const parts: string[] = [];
    for (let from = 0; from < this.pieces.length; from += PIECES_PER_READ) {
      parts.push(this.decode(from, Math.min(this.pieces.length, from + PIECES_PER_READ)));
    }
    const text = parts.join('');
    if (text.length !== this.length) throw this.changed();
    fullTexts.set(this, text);
    if (fullTexts.size > FULL_TEXTS_KEPT) fullTexts.delete(fullTexts.keys().next().value!);
    return text;
  }

  slice(start: number, end: number = this.length): string {
    const from = Math.max(0, Math.min(this.length, start < 0 ? this.length + start : start));
    const to = Math.max(from, Math.min(this.length, end < 0 ? this.length + end : end));
    if (from === to) return '';
    const kept = fullTexts.get(this);
    if (kept !== undefined) return kept.slice(from, to);
    const first = this.pieceAt(from);
    const last = this.pieceAt(to - 1);
    let text = '';
    for (let index = first; index <= last; index++) text += this.piece(index);
    const base = this.pieces[first]!.charStart;
    return text.slice(from - base, to - base);
  }

  private piece(index: number): string {
    const hit = this.decoded.get(index);
    if (hit !== undefined) return hit;
    const text = this.decode(index, index + 1);
    const piece = this.pieces[index]!;
    const expected = (this.pieces[index + 1]?.charStart ?? this.length) - piece.charStart;
    if (text.length !== expected) throw this.changed();
    this.decoded.set(index, text);
    if (this.decoded.size > 4) this.decoded.delete(this.decoded.keys().next().value!);
    return text;
  }

  private pieceAt(char: number): number {
    let low = 0;
    let high = this.pieces.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.pieces[middle]!.charStart <= char) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** Decodes pieces [from, to) read from the shard. */
  private decode(from: number, to: number): string {
    const start = this.pieces[from]!.byteStart;
    const end = this.pieces[to - 1]!.byteEnd;
    const bytes = Buffer.allocUnsafe(end - start + 2);
    bytes[0] = 0x22;
    bytes[bytes.length - 1] = 0x22;
    const fd = openSync(this.file, 'r');
    try {
      for (let at = 0; at < end - start;) {
        const read = readSync(fd, bytes, 1 + at, end - start - at, start + at);
        if (read === 0) throw this.changed();
        at += read;
      }
    } finally {
      closeSync(fd);
    }
    try {
      const value: unknown = JSON.parse(bytes.toString('utf8'));
      if (typeof value !== 'string') throw this.changed();
      return value;
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw this.changed();
    }
  }

  private changed(): StoreError {
    return new StoreError(`${this.file} changed since it was read (a text in it is not where it was); open the project again`, {
      file: this.file,
    });
  }
}
