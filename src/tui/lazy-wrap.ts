// A huge text (a 20 MB answer) wrapped as far as it is looked at, never all at once: the
// text is cut into blocks at line breaks (or spaces, in a paragraph longer than a block),
// each block is sanitized and wrapped on its own when a line of it is asked for, and only
// a few blocks' lines are kept. What stays is one line count per block, so memory does not
// grow with the text and a keystroke costs a block's wrapping at most. The text may be a string
// or a source that reads only the slices asked for from the shard (a huge candidate's text).
import type { TextSource } from '../core/candidate-text.js';
import { sanitizeText } from '../core/sanitize-text.js';
import { wrapText } from './wrap-text.js';

/** Characters per block: wrapped in a few milliseconds. */
const BLOCK_CHARS = 8_192;
/** Blocks whose wrapped lines are kept (the window and its neighbours). */
const KEPT_BLOCKS = 16;

export class LazyWrap {
  /** Where each block found so far starts in the text; one more entry than `lineCounts` while incomplete. */
  private readonly starts: number[] = [0];
  /** Wrapped lines of each block found so far. */
  private readonly lineCounts: number[] = [];
  /** Lines before each block (prefix sums of lineCounts). */
  private readonly firstLines: number[] = [];
  private readonly kept = new Map<number, string[]>();

  constructor(
    private readonly text: TextSource,
    private readonly width: number,
  ) {}

  /** Whether every block has been wrapped once (the count is exact). */
  get complete(): boolean {
    return this.starts[this.starts.length - 1]! >= this.text.length && this.lineCounts.length === this.starts.length - 1;
  }

  /** Lines known so far. */
  private get knownLines(): number {
    const last = this.lineCounts.length - 1;
    return last < 0 ? 0 : this.firstLines[last]! + this.lineCounts[last]!;
  }

  /** The line count: exact once complete, else what is known plus an estimate of the rest. */
  get length(): number {
    if (this.complete) return this.knownLines;
    const doneChars = this.starts[this.lineCounts.length]!;
    const remaining = this.text.length - doneChars;
    const charsPerLine = this.knownLines > 0 ? doneChars / this.knownLines : this.width;
    return this.knownLines + Math.max(1, Math.ceil(remaining / Math.max(1, charsPerLine)));
  }

  /** Line `index`, wrapping forward as far as needed; undefined past the end. */
  line(index: number): string | undefined {
    while (index >= this.knownLines && !this.complete) this.wrapBlock(this.lineCounts.length);
    if (index >= this.knownLines || index < 0) return undefined;
    const block = this.blockOf(index);
    return this.linesOf(block)[index - this.firstLines[block]!];
  }

  /** Wraps every block once (counting only): the exact length, for a jump to the end. */
  countAll(): number {
    while (!this.complete) this.wrapBlock(this.lineCounts.length);
    return this.knownLines;
  }

  private blockOf(line: number): number {
    let low = 0;
    let high = this.lineCounts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.firstLines[middle]! <= line) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private linesOf(block: number): string[] {
    const hit = this.kept.get(block);
    if (hit) {
      this.kept.delete(block);
      this.kept.set(block, hit);
      return hit;
    }
    return this.wrapBlock(block);
  }

  /** Wraps one block (finding its end first if it is the next one), keeps its lines, and records its count. */
  private wrapBlock(block: number): string[] {
    const start = this.starts[block]!;
    if (block === this.starts.length - 1) this.starts.push(blockEnd(this.text, start));
    const end = this.starts[block + 1]!;
    // A block cut after a line break ends with it: that break ends the block's last line, it starts no new one.
    const slice = this.text.slice(start, end);
    const lines = wrapText(sanitizeText(end < this.text.length ? slice.replace(/\r?\n$/, '') : slice), this.width);
    if (block === this.lineCounts.length) {
      this.firstLines.push(this.knownLines);
      this.lineCounts.push(lines.length);
    }
    this.kept.set(block, lines);
    if (this.kept.size > KEPT_BLOCKS) this.kept.delete(this.kept.keys().next().value!);
    return lines;
  }
}

/** Where the block starting at `start` ends: after the last line break within BLOCK_CHARS, else after a space, else at the limit. */
function blockEnd(text: TextSource, start: number): number {
  let end = Math.min(text.length, start + BLOCK_CHARS);
  if (end === text.length) return end;
  // Searched backwards within the block's last three quarters only.
  const floor = start + BLOCK_CHARS / 4;
  const window = text.slice(floor, end);
  for (const wanted of ['\n', ' ']) {
    const at = window.lastIndexOf(wanted);
    if (at >= 0) return floor + at + 1;
  }
  // Never between the two halves of a surrogate pair.
  const code = window.charCodeAt(window.length - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return end;
}
