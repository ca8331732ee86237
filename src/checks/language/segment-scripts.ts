import { CharClass, classifyCodeUnit } from './char-class.js';
import {
  CODE_KEYWORD_BIT,
  foldWordHash,
  GENERAL_BIT,
  lookupWord,
  MATH_BIT,
  startWordHash,
  STOPWORD_MASK,
  TITLE_SMALL_BIT,
} from './word-lexicon.js';
import { LATIN_LANGUAGES } from './stopwords.js';

/**
 * A run of letters of one script within one sentence. Spaces, digits and most
 * punctuation do not break it; sentence ends, quote marks and brackets do (so a
 * quoted title or a gloss in brackets is a run of its own).
 */
export interface ScriptRun {
  script: CharClass;
  start: number;
  /** One past the last letter. */
  end: number;
  /** Index of the sentence the run is in (see SegmentedText.sentenceHan). */
  sentence: number;
  letters: number;
  /** Words of two or more letters that are prose words: not identifiers, calls, mathematics or single letters. */
  words: number;
  /** Han characters that are grammatical function words (的, 是, 了 …): a sentence, not a term. */
  functionChars: number;
  /** Hiragana among the letters of a Han/kana run: Japanese prose always has some, Chinese never. */
  hiragana: number;
  kana: number;
  /** Where the run's kana start (-1 when none): a kana ending on a Chinese sentence is quoted from there. */
  kanaStart: number;
  /** Per language of LATIN_LANGUAGES: how many of its function words the run has. */
  stopwordHits: number[];
  /** Latin words of the general English vocabulary (english-vocabulary.ts). */
  generalWords: number;
  /** Latin words that start with a capital (acronyms included). */
  capitalizedWords: number;
  /** Capitalized words of the general vocabulary ("Wait", "Actually"): capitals that are not a name. */
  capitalizedGeneral: number;
  /** Lowercase words that are not the small words of a title (of, the, in …). */
  lowercaseContent: number;
  codeKeywords: number;
  /** Inside quote or title marks: a title or a quotation. */
  quoted: boolean;
  /** Inside brackets: a gloss or an aside. */
  bracketed: boolean;
  /** A letter of another script touches the run with no space between (the "still真 real" of a slip). */
  gluedBefore: boolean;
  gluedAfter: boolean;
}

export interface SegmentedText {
  runs: ScriptRun[];
  /** Han characters of each sentence. */
  sentenceHan: number[];
  /** Latin prose words of each sentence. */
  sentenceLatinWords: number[];
}

const FUNCTION_CHARS = '的是了我你他她们这那吗呢吧就都也但而把被让因所应该会要可每约在和很没着过还再';
const FUNCTION_TABLE = buildFunctionTable();
/** Shared by every run of another script (never written: only Latin words count function words). */
const EMPTY_HITS: number[] = [];

const MIN_LY_ADVERB = 9;

function isLyAdverb(prose: string, end: number, letters: number, firstUpper: boolean): boolean {
  return !firstUpper && letters >= MIN_LY_ADVERB && prose.charCodeAt(end - 1) === 0x79 && prose.charCodeAt(end - 2) === 0x6c;
}

/** Splits prose into script runs in one pass over its code units. */
export function segmentScripts(prose: string): SegmentedText {
  const runs: ScriptRun[] = [];
  const sentenceHan: number[] = [0];
  const sentenceLatinWords: number[] = [0];
  let sentence = 0;
  let current: ScriptRun | null = null;
  let quoteDepth = 0;
  let asciiQuote = false;
  let bracketDepth = 0;
  let previousWasLetter = false;
  // The Latin word being read.
  let wordStart = -1;
  let wordHash = 0;
  let wordUpper = 0;
  let wordDigits = 0;
  let wordUnderscore = false;
  const length = prose.length;

  for (let i = 0; i < length; i++) {
    const code = prose.charCodeAt(i);
    const cls = classifyCodeUnit(code);
    if (cls >= CharClass.Latin && cls !== CharClass.Quote) {
      if (current === null || !sameRun(current.script, cls)) {
        if (wordStart >= 0) {
          if (finishWord(prose, current!, wordStart, i, wordHash, wordUpper, wordDigits, wordUnderscore)) sentenceLatinWords[sentence]!++;
          wordStart = -1;
        }
        const glued = previousWasLetter && current !== null;
        if (glued) current!.gluedAfter = true;
        if (current !== null) closeRun(current, runs);
        current = openRun(cls, i, sentence, quoteDepth > 0 || asciiQuote, bracketDepth > 0);
        current.gluedBefore = glued;
      }
      if (cls === CharClass.Latin) {
        if (wordStart < 0) {
          wordStart = i;
          wordHash = startWordHash();
          wordUpper = 0;
          wordDigits = 0;
          wordUnderscore = false;
        }
        wordHash = foldWordHash(wordHash, code);
        if (isUpperCode(code)) wordUpper++;
      } else if (cls === CharClass.Han) {
        sentenceHan[sentence]!++;
        if (code >= 0x4e00 && code <= 0x9fff && FUNCTION_TABLE[code - 0x4e00] === 1) current.functionChars++;
      } else if (cls === CharClass.Kana) {
        if (current.kana++ === 0) current.kanaStart = i;
        if (code <= 0x309f) current.hiragana++;
      } else if (wordStart < 0) {
        wordStart = i; // other alphabets: words for counting only
        wordHash = 0;
        wordUpper = 0;
        wordDigits = 0;
        wordUnderscore = false;
      }
      current.letters++;
      current.end = i + 1;
      previousWasLetter = true;
      continue;
    }
    previousWasLetter = false;
    // Digits and underscores inside a Latin word keep it one word (VO2max, confirm_balance).
    if (wordStart >= 0 && (cls === CharClass.Digit || code === 0x5f) && current?.script === CharClass.Latin) {
      if (code === 0x5f) wordUnderscore = true;
      else wordDigits++;
      wordHash = foldWordHash(wordHash, code);
      continue;
    }
    if (wordStart >= 0) {
      if (finishWord(prose, current!, wordStart, i, wordHash, wordUpper, wordDigits, wordUnderscore)) sentenceLatinWords[sentence]!++;
      wordStart = -1;
    }
    if (cls === CharClass.Space || cls === CharClass.Digit) continue;
    if (code === 0x0a) {
      quoteDepth = 0;
      asciiQuote = false;
      bracketDepth = 0;
    }
    if (cls === CharClass.Quote) {
      if (current !== null) closeRun(current, runs);
      current = null;
      if (code === 0x22) asciiQuote = !asciiQuote;
      else if (isOpeningQuote(code)) quoteDepth++;
      else if (quoteDepth > 0) quoteDepth--;
      continue;
    }
    if (code === 0x28 || code === 0xff08 || code === 0x5b) {
      if (current !== null) closeRun(current, runs);
      current = null;
      bracketDepth++;
      continue;
    }
    if (code === 0x29 || code === 0xff09 || code === 0x5d) {
      if (current !== null) closeRun(current, runs);
      current = null;
      if (bracketDepth > 0) bracketDepth--;
      continue;
    }
    if (cls === CharClass.Terminator && !isInnerDot(prose, code, i)) {
      if (current !== null) closeRun(current, runs);
      current = null;
      sentence++;
      sentenceHan.push(0);
      sentenceLatinWords.push(0);
    }
  }
  if (wordStart >= 0 && finishWord(prose, current!, wordStart, length, wordHash, wordUpper, wordDigits, wordUnderscore))
    sentenceLatinWords[sentence]!++;
  if (current !== null) closeRun(current, runs);
  return { runs, sentenceHan, sentenceLatinWords };
}

const MIN_HIRAGANA = 2;

/*
 * The end of a word read in segmentScripts: counts it into its run. A top-level function taking
 * the word's state as arguments (not a closure over the loop's variables, which made every one of
 * them a context slot the per-character loop read through memory). True when it is a prose word
 * of a Latin run (the sentence's Latin word count).
 */
function finishWord(
  prose: string,
  run: ScriptRun,
  wordStart: number,
  end: number,
  wordHash: number,
  wordUpper: number,
  wordDigits: number,
  wordUnderscore: boolean,
): boolean {
  const letters = end - wordStart - wordDigits;
  const previous = wordStart > 0 ? prose.charCodeAt(wordStart - 1) : 0;
  // `.then`, `obj.method`, and command-line flags (`-it`, `--save`).
  const member =
    previous === 0x2e ||
    (previous === 0x2d && (wordStart < 2 || prose.charCodeAt(wordStart - 2) <= 0x20 || prose.charCodeAt(wordStart - 2) === 0x2d));
  if (letters < 2 || wordUnderscore || member) return false;
  // `argmax(…)`, `fs.readFile`: code, whatever the letters spell.
  const next = prose.charCodeAt(end);
  if (next === 0x28 || (next === 0x2e && isLetterCode(prose.charCodeAt(end + 1)))) return false;
  const firstUpper = isUpperCode(prose.charCodeAt(wordStart));
  // camelCase and iPhone: an identifier or a brand, never prose.
  if (wordUpper > (firstUpper ? 1 : 0) && wordUpper < letters) return false;
  const bits = lookupWord(wordHash);
  if (bits & MATH_BIT) return false;
  run.words++;
  const latin = run.script === CharClass.Latin;
  if (wordDigits > 0) return latin; // VO2max, mp3: a term
  if (wordUpper === letters) {
    run.capitalizedWords++; // an acronym: a term, like a name
    return latin;
  }
  if (bits & STOPWORD_MASK) {
    for (let l = 0; l < LATIN_LANGUAGES.length; l++) if (bits & (1 << l)) run.stopwordHits[l]!++;
  }
  if (bits & CODE_KEYWORD_BIT) run.codeKeywords++;
  // An adverb in -ly ("carefully", "quickly") is general English whether or not the list has it:
  // terms that end so (assembly, family, anomaly) are nouns of at most eight letters.
  if (bits & GENERAL_BIT || isLyAdverb(prose, end, letters, firstUpper)) run.generalWords++;
  if (firstUpper) {
    run.capitalizedWords++;
    if (bits & GENERAL_BIT) run.capitalizedGeneral++;
  } else if (!(bits & TITLE_SMALL_BIT)) {
    run.lowercaseContent++;
  }
  return latin;
}

/** A run is done: a Han/kana run with enough hiragana is Japanese, one with a few kana among more Han is Chinese. */
function closeRun(run: ScriptRun, runs: ScriptRun[]): void {
  if (run.kana > 0 && run.hiragana >= MIN_HIRAGANA) run.script = CharClass.Kana;
  else if (run.kana > 0 && run.letters > run.kana) run.script = CharClass.Han;
  runs.push(run);
}

function openRun(script: CharClass, start: number, sentence: number, quoted: boolean, bracketed: boolean): ScriptRun {
  return {
    script,
    start,
    end: start,
    sentence,
    letters: 0,
    words: 0,
    functionChars: 0,
    hiragana: 0,
    kana: 0,
    kanaStart: -1,
    // A small array, not a Uint8Array: a typed array's allocation cost more than the run's other fields together.
    stopwordHits: script === CharClass.Latin ? new Array<number>(LATIN_LANGUAGES.length).fill(0) : EMPTY_HITS,
    generalWords: 0,
    capitalizedWords: 0,
    capitalizedGeneral: 0,
    lowercaseContent: 0,
    codeKeywords: 0,
    quoted,
    bracketed,
    gluedBefore: false,
    gluedAfter: false,
  };
}

function sameRun(script: CharClass, cls: CharClass): boolean {
  if (script === cls) return true;
  const cjk = (c: CharClass): boolean => c === CharClass.Han || c === CharClass.Kana;
  return cjk(script) && cjk(cls);
}

function isOpeningQuote(code: number): boolean {
  return code === 0x201c || code === 0x300a || code === 0x300c || code === 0x300e || code === 0xab || code === 0x3010 || code === 0x3008;
}

function isUpperCode(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0xde && code !== 0xd7);
}

function isLetterCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** "3.5", "Node.js", "fs.readFile": a dot followed by a letter or digit does not end a sentence. */
function isInnerDot(prose: string, code: number, i: number): boolean {
  if (code !== 0x2e) return false;
  const next = prose.charCodeAt(i + 1);
  if (Number.isNaN(next)) return false;
  const cls = classifyCodeUnit(next);
  return cls === CharClass.Latin || cls === CharClass.Digit;
}

function buildFunctionTable(): Uint8Array {
  const table = new Uint8Array(0x9fff - 0x4e00 + 1);
  for (const char of FUNCTION_CHARS) table[char.charCodeAt(0) - 0x4e00] = 1;
  return table;
}
