import { hasLetter } from './repetition-letters.js';
import { MIN_COUNTING_RUN, measureSentenceRepeats } from './sentence-repeats.js';

/** How much of a text is degenerate repetition. */
export interface RepetitionFeatures {
  /** Share of the text's characters in sentences or lines that repeat an earlier one exactly, from the third copy on. */
  repeatedShare: number;
  /** Occurrences of the most repeated sentence or line. */
  maxRepeats: number;
  /** Longest run of one sentence repeated back to back (a loop; legitimate repeats are rarely adjacent). */
  maxRun: number;
  /** Characters covered by the longest loop (a phrase or a few characters repeated back to back), 0 when none. */
  loopChars: number;
  /** The repeated unit (the loop's, else the most repeated sentence), trimmed for quoting. */
  unit: string;
}

export const NO_REPETITION: RepetitionFeatures = { repeatedShare: 0, maxRepeats: 0, maxRun: 0, loopChars: 0, unit: '' };

/** Where a loop is in the text, and its period. */
export interface LoopSpan {
  start: number;
  end: number;
  period: number;
}

const MIN_SENTENCE_CHARS = 6;
const MAX_PERIOD = 400;
const MIN_LOOP_CYCLES = 3;
/** A run of characters without a space or punctuation this long is checked for a character loop ("nynyny…"). */
const MIN_UNBROKEN_RUN = 24;
const MAX_CHARACTER_PERIOD = 12;
const MIN_CHARACTER_CYCLES = 6;
const MIN_LOOP_LINE = 80;
const UNIT_QUOTE = 60;

/** `cutOff`: the text stopped at max_tokens (finish_reason "length"), so a list running to its end never ended. */
export function measureRepetition(text: string, cutOff = false): RepetitionFeatures {
  if (text.length < MIN_SENTENCE_CHARS * 2) return NO_REPETITION;
  const sentences = measureSentenceRepeats(text, cutOff);
  const counting = cutOff ? countingTail(text) : null;
  if (counting && counting.lines > sentences.maxRun) {
    sentences.maxRun = counting.lines;
    sentences.unit = counting.unit;
  }
  const loop = findLongestLoop(text);
  const loopChars = loop ? loop.end - loop.start : 0;
  return {
    repeatedShare: sentences.repeatedChars / text.length,
    maxRepeats: sentences.maxRepeats,
    maxRun: sentences.maxRun,
    loopChars,
    // A sentence that occurs once repeats nothing: no unit to quote (and no cost quoting it).
    unit: loop ? quote(loopUnit(text, loop)) : sentences.maxRepeats >= 2 ? quote(sentences.unit) : '',
  };
}

/** One period of the loop, starting where a sentence or word starts if one does ("So the total…", not ". So the…"). */
function loopUnit(text: string, loop: LoopSpan): string {
  let wordStart = -1;
  for (let k = 1; k < loop.period && loop.start + k + loop.period <= loop.end; k++) {
    const before = text.charCodeAt(loop.start + k - 1);
    if (before === 0x2e || before === 0x3002 || before === 0x0a || before === 0xff0c || before === 0x2c) {
      return text.slice(loop.start + k, loop.start + k + loop.period);
    }
    if (wordStart < 0 && before === 0x20) wordStart = k;
  }
  const k = wordStart > 0 && loop.start + wordStart + loop.period <= loop.end ? wordStart : 0;
  return text.slice(loop.start + k, loop.start + k + loop.period);
}

/** Where the repetition is, for highlighting: the longest loop, else every copy of the most repeated sentence. */
export function findRepetitionSpans(text: string): { start: number; end: number }[] {
  const loop = findLongestLoop(text);
  if (loop) return [{ start: loop.start, end: loop.end }];
  const { unit, maxRepeats } = measureSentenceRepeats(text);
  if (maxRepeats < 2) return [];
  const spans: { start: number; end: number }[] = [];
  for (let at = text.indexOf(unit); at >= 0; at = text.indexOf(unit, at + unit.length)) spans.push({ start: at, end: at + unit.length });
  return spans;
}

/**
 * A list of bare numbers counting by a fixed step to where the text was cut off ("- 7", "- 14",
 * "- 21", … or "1, 2, 3, …" to max_tokens): how many items, and the last. Too short for the
 * sentence counts, and without letters, yet a loop all the same; a list that ends before the
 * cut, or numbers that do not step evenly (primes, a table), are not this.
 */
function countingTail(text: string): { lines: number; unit: string } | null {
  let end = text.length;
  let lines = 0;
  let step = 0;
  let next = Number.NaN;
  let unit = '';
  while (end > 0) {
    let start = end;
    while (start > 0 && !isItemSeparator(text.charCodeAt(start - 1))) start--;
    const item = text.slice(start, end).trim();
    end = start - 1;
    if (item === '') {
      if (lines === 0) continue;
      break;
    }
    const match = BARE_NUMBER_ITEM.exec(item);
    if (!match) break;
    const value = Number(match[1]);
    if (lines === 0) unit = item;
    else if (lines === 1) step = next - value;
    else if (next - value !== step) break;
    if (lines >= 1 && step === 0) break;
    next = value;
    lines++;
  }
  return lines >= MIN_COUNTING_RUN ? { lines, unit } : null;
}

/** Newlines, commas and semicolons (and their CJK forms) separate the items of a list. */
function isItemSeparator(code: number): boolean {
  return code === 0x0a || code === 0x2c || code === 0x3b || code === 0xff0c || code === 0x3001 || code === 0xff1b;
}

/** A list item that is one number: "- 14", "* 3", "(14)", "14." */
const BARE_NUMBER_ITEM = /^(?:[-*•+]\s*)?\(?(\d{1,12})\)?\.?$/;

/**
 * The longest loop of the text: a phrase repeated back to back up to the end of a
 * paragraph or of the text (where a model stuck until max_tokens stops, or where
 * it broke out), or a few characters repeated inside one unbroken run ("nynyny…").
 * Units without a letter (─────, |---|---|, 0.33333) are formatting or numbers.
 */
export function findLongestLoop(text: string): LoopSpan | null {
  let best: LoopSpan | null = null;
  const consider = (loop: LoopSpan | null): void => {
    if (loop && (!best || loop.end - loop.start > best.end - best.start)) best = loop;
  };
  const words = new WordLoops(text, consider);
  let runStart = 0;
  let lineStart = 0;
  let wordStart = 0;
  let sameFrom = 0;
  let previousBreak = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0x0a;
    // Letters and digits need nothing more (a letter repeated is a character loop, found
    // below in its unbroken run): the work is at breaks only.
    if (!isRunBreak(code)) continue;
    // One punctuation mark over and over ("……", "????", dots to max_tokens), wherever it stops.
    if (code !== text.charCodeAt(i - 1) || previousBreak !== i - 1) {
      if (previousBreak + 1 - sameFrom >= MIN_FORMATTING_LOOP && text.charCodeAt(sameFrom) > 0x20)
        consider({ start: sameFrom, end: previousBreak + 1, period: 1 });
      sameFrom = i;
    }
    previousBreak = i;
    if (code <= 0x20 || isChinesePause(code)) {
      if (i > wordStart) words.push(wordStart, i);
      wordStart = i + 1;
    }
    if (code === 0x0a) {
      words.endLine();
      // Paragraph ends, long lines and the end: short lines that repeat are the sentence counts' business.
      if (i === text.length || i - lineStart >= MIN_LOOP_LINE || text.charCodeAt(i + 1) === 0x0a) consider(loopEndingAt(text, i));
      lineStart = i + 1;
    }
    if (i - runStart >= MIN_UNBROKEN_RUN) consider(characterLoopIn(text, runStart, i));
    runStart = i + 1;
  }
  return best;
}

/** For each period, how far back text[i] === text[i - period] holds from `end`. */
function loopEndingAt(text: string, end: number): LoopSpan | null {
  while (end > 0 && text.charCodeAt(end - 1) <= 0x20) end--;
  let best: LoopSpan | null = null;
  const maxPeriod = Math.min(MAX_PERIOD, Math.floor(end / MIN_LOOP_CYCLES));
  if (maxPeriod < 1) return null;
  // Only a period whose character before the last equals the last can loop: finding those
  // with the native lastIndexOf (ascending periods, as before) skips the ~400 that cannot.
  const last = text[end - 1]!;
  for (let at = text.lastIndexOf(last, end - 2); at >= 0 && end - 1 - at <= maxPeriod; at = at > 0 ? text.lastIndexOf(last, at - 1) : -1) {
    const period = end - 1 - at;
    let i = end - 1;
    while (i - period >= 0 && text.charCodeAt(i) === text.charCodeAt(i - period)) i--;
    const covered = end - 1 - i + period;
    if (
      covered >= period * MIN_LOOP_CYCLES &&
      (!best || covered > best.end - best.start) &&
      isLoopUnit(text, end - period, period, covered)
    ) {
      best = { start: end - covered, end, period };
    }
  }
  return best;
}

function characterLoopIn(text: string, start: number, end: number): LoopSpan | null {
  let best: LoopSpan | null = null;
  for (let period = 1; period <= MAX_CHARACTER_PERIOD; period++) {
    let runFrom = start;
    for (let i = start + period; i <= end; i++) {
      if (i < end && text.charCodeAt(i) === text.charCodeAt(i - period)) continue;
      const covered = i - runFrom;
      if (
        covered >= period * MIN_CHARACTER_CYCLES &&
        (!best || covered > best.end - best.start) &&
        isLoopUnit(text, runFrom, period, covered)
      ) {
        best = { start: runFrom, end: i, period };
      }
      runFrom = i + 1 - period;
    }
  }
  return best;
}

const MIN_WORD_CYCLES = 6;

/**
 * A word or two repeated back to back inside a line ("very very very … important",
 * "5, 5, 5, …", "很好，很好，…"), which the line-end and unbroken-run checks miss when
 * the text goes on after the loop. Words are what spaces (or Chinese commas and stops)
 * separate; a line break ends every streak (table rows and list items are the sentence
 * counts' business). Per word only its length and first character are compared with the
 * one or two words before (this runs on every word of every text); a streak long enough
 * is then checked character by character.
 */
class WordLoops {
  // The last two words: start, length, first character.
  private start1 = -1;
  private length1 = -1;
  private first1 = -1;
  private start2 = -1;
  private length2 = -1;
  private first2 = -1;
  /** Per period (1 or 2 words): words matched in a row, the streak's first word, its end. */
  private streak1 = 0;
  private from1 = 0;
  private streak2 = 0;
  private from2 = 0;
  private end = 0;

  constructor(
    private readonly text: string,
    private readonly consider: (loop: LoopSpan) => void,
  ) {}

  endLine(): void {
    this.flush(1);
    this.flush(2);
    this.start1 = this.start2 = -1;
    this.length1 = this.length2 = -1;
  }

  /** The word [start, end), between separators. */
  push(start: number, end: number): void {
    const length = end - start;
    const first = this.text.charCodeAt(start);
    if (length === this.length1 && first === this.first1) {
      if (this.streak1++ === 0) this.from1 = this.start1;
    } else {
      this.flush(1);
    }
    if (length === this.length2 && first === this.first2) {
      if (this.streak2++ === 0) this.from2 = this.start2;
    } else {
      this.flush(2);
    }
    this.end = end;
    this.start2 = this.start1;
    this.length2 = this.length1;
    this.first2 = this.first1;
    this.start1 = start;
    this.length1 = length;
    this.first1 = first;
  }

  private flush(words: 1 | 2): void {
    const matched = words === 1 ? this.streak1 : this.streak2;
    if (words === 1) this.streak1 = 0;
    else this.streak2 = 0;
    if (matched + words < words * MIN_WORD_CYCLES) return;
    const from = words === 1 ? this.from1 : this.from2;
    // The period is the distance to the word `words` on from the first: the streak's words start one period apart.
    const period = this.periodFrom(from, words);
    if (period <= 0) return;
    // Back from the streak's end: a first word that only looked the same ("no." before "No, no,") is left out.
    const end = this.end;
    let i = end - 1 - period;
    while (i >= from && this.text.charCodeAt(i) === this.text.charCodeAt(i + period)) i--;
    const start = i + 1;
    if (end - start >= period * MIN_WORD_CYCLES && isLoopUnit(this.text, start, period, end - start)) {
      this.consider({ start, end, period });
    }
  }

  /** Characters from `from` to the start of the word `words` words later. */
  private periodFrom(from: number, words: number): number {
    let i = from;
    for (let w = 0; w < words; w++) {
      while (i < this.end && !isWordSeparator(this.text.charCodeAt(i))) i++;
      while (i < this.end && isWordSeparator(this.text.charCodeAt(i))) i++;
    }
    return i - from;
  }
}

function isWordSeparator(code: number): boolean {
  return code <= 0x20 || isChinesePause(code);
}

/** ， 、 。 ； ！ ？: Chinese has no spaces, so these separate the words of a phrase loop ("很好，很好，…"). */
function isChinesePause(code: number): boolean {
  return code === 0xff0c || code === 0x3001 || code === 0x3002 || code === 0xff1b || code === 0xff01 || code === 0xff1f;
}

/** A short unit without letters (─, |---, 0.3333) loops only when it goes on far longer than any border or rule. */
const MIN_FORMATTING_LOOP = 200;
const MAX_FORMATTING_PERIOD = 8;

/** A unit with a letter (or an emoji) is a loop; one without is formatting unless it is short and goes on and on. */
function isLoopUnit(text: string, start: number, period: number, covered: number): boolean {
  return hasLetter(text, start, start + period) || (period <= MAX_FORMATTING_PERIOD && covered >= MIN_FORMATTING_LOOP);
}

/** Whitespace and punctuation end an unbroken run; letters and digits do not (a table: read per character). */
const RUN_BREAKS = buildRunBreaks();

function isRunBreak(code: number): boolean {
  return RUN_BREAKS[code] === 1;
}

function buildRunBreaks(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) table[code] = breaksRun(code) ? 1 : 0;
  return table;
}

function breaksRun(code: number): boolean {
  if (code <= 0x20) return true;
  if (code < 0x80) return !((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a));
  return (code >= 0x3000 && code <= 0x303f) || (code >= 0xff00 && code <= 0xff20) || (code >= 0x2000 && code <= 0x206f);
}

function quote(unit: string): string {
  // Flattening a whole long sentence to quote 60 characters of it was a measurable cost.
  const flat = unit
    .slice(0, UNIT_QUOTE * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length <= UNIT_QUOTE ? flat : flat.slice(0, UNIT_QUOTE - 1) + '…';
}
