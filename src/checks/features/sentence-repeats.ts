// Sentences (and lines) that come back: how often the most repeated one occurs, the longest
// run of one back to back, and how much of the text the copies beyond the second cover.
// (Hashing each sentence by hand in one pass was tried: slower than the native regex, slice,
// trim and string-keyed map it replaced.)

import { hasLetter } from './repetition-letters.js';

export interface SentenceRepeats {
  repeatedChars: number;
  maxRepeats: number;
  maxRun: number;
  /** The most repeated sentence, or the longest run's ('' when nothing repeats). */
  unit: string;
}

const MIN_SENTENCE_CHARS = 6;
const MIN_CODE_LOOP_RUN = 12;
/**
 * Sentences that differ only in their numbers, back to back, this many times: a list counting
 * up to max_tokens. A case analysis or a table counts through ten or twelve; a loop goes on.
 */
export const MIN_COUNTING_RUN = 20;
/** …and with words enough to be prose: "7 × 13 = 91" rows and "Day 3: 5 km" table lines are not loops. */
const MIN_COUNTING_LETTERS = 16;
/** A chant, a refrain or "say it three times": more copies than this after a colon are a loop all the same. */
const MAX_DELIVERED_COPIES = 3;

// Sentence ends: . ! ? followed by a space, CJK 。！？, and newlines.
const SENTENCE_END = /[。！？\n]|[.!?](?=\s|$)/g;

/**
 * `cutOff` as for measureRepetition: a text that ended on its own with copies of a line it
 * introduced with a colon ("这是口号：" then the chant three times) delivered them; that run is not a loop.
 */
export function measureSentenceRepeats(text: string, cutOff = true): SentenceRepeats {
  const counts = new Map<string, number>();
  let repeatedChars = 0;
  let maxRepeats = 0;
  let maxRun = 0;
  let run = 0;
  let runFrom = 0;
  let previousEnd = 0;
  /** The longest run before the last one, for when the last is a delivery. */
  let closedMaxRun = 0;
  let numberedRun = 0;
  let previous = '';
  let unit = '';
  let start = 0;
  // Code repeats a line a few times by design (board.append(row) eight times): inside a fence
  // only a long back-to-back run counts, and its lines are not counted as repeated prose.
  const fenced = text.includes('```') || text.includes('~~~');
  let inCode = false;
  let codeRun = 0;
  let codePrevious = '';
  SENTENCE_END.lastIndex = 0;
  for (;;) {
    const match = SENTENCE_END.exec(text);
    const end = match ? match.index + 1 : text.length;
    if (fenced && isFence(text, start)) {
      inCode = !inCode;
      codeRun = 0;
    } else if (inCode) {
      const line = text.slice(start, end).trim();
      codeRun = line !== '' && line === codePrevious ? codeRun + 1 : 1;
      codePrevious = line;
      if (codeRun >= MIN_CODE_LOOP_RUN && codeRun > maxRun) {
        maxRun = codeRun;
        unit = line;
      }
    } else if (end - start >= MIN_SENTENCE_CHARS) {
      const sentence = text.slice(start, end).trim();
      // Table rules, box borders and blank table rows repeat by design: only sentences with letters count.
      if (sentence.length >= MIN_SENTENCE_CHARS && hasLetter(sentence, 0, sentence.length)) {
        const count = (counts.get(sentence) ?? 0) + 1;
        counts.set(sentence, count);
        // A chorus or a refrain comes back once or twice; a loop keeps coming back. Count copies beyond the second.
        if (count > 2) repeatedChars += sentence.length;
        if (sentence !== previous) {
          closedMaxRun = Math.max(closedMaxRun, maxRun);
          runFrom = start;
        }
        run = sentence === previous ? run + 1 : 1;
        previousEnd = end;
        // "41. Idea number 41: …", "42. Idea number 42: …" to max_tokens: a loop that counts.
        numberedRun = run > 1 ? 0 : sameButNumbers(sentence, previous) ? numberedRun + 1 : 0;
        previous = sentence;
        if (run > maxRun) maxRun = run;
        if (numberedRun + 1 >= MIN_COUNTING_RUN && numberedRun + 1 > maxRun && countLetters(sentence) >= MIN_COUNTING_LETTERS) {
          maxRun = numberedRun + 1;
          unit = sentence;
        }
        if (count > maxRepeats) {
          maxRepeats = count;
          unit = sentence;
        }
      }
    }
    if (!match) break;
    start = end;
  }
  if (
    !cutOff &&
    run > 1 &&
    run <= MAX_DELIVERED_COPIES &&
    run === maxRun &&
    endsInColon(text, runFrom) &&
    text.slice(previousEnd).trim() === ''
  )
    maxRun = closedMaxRun;
  return { repeatedChars, maxRepeats, maxRun, unit };
}

/** A line (from `at`, after indentation) that opens or closes a fenced code block. */
function isFence(text: string, at: number): boolean {
  while (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09) at++;
  return text.startsWith('```', at) || text.startsWith('~~~', at);
}

/** The text before `at` ends, after blank space, in a colon: what follows is what it announced. */
function endsInColon(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && text.charCodeAt(i) <= 0x20) i--;
  const code = text.charCodeAt(i);
  return code === 0x3a || code === 0xff1a;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function countLetters(sentence: string): number {
  let letters = 0;
  for (let i = 0; i < sentence.length; i++) if (hasLetter(sentence, i, i + 1)) letters++;
  return letters;
}

/** The same text but for the digits of its numbers ("Idea 41: …" and "Idea 42: …"); at least one number. */
function sameButNumbers(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  let numbers = false;
  while (i < a.length && j < b.length) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (isDigit(x) && isDigit(y)) {
      while (i < a.length && isDigit(a.charCodeAt(i))) i++;
      while (j < b.length && isDigit(b.charCodeAt(j))) j++;
      numbers = true;
    } else if (x === y) {
      i++;
      j++;
    } else return false;
  }
  return numbers && i === a.length && j === b.length;
}
