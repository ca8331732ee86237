import { CharClass, classifyCodeUnit } from './char-class.js';
import { LATIN_LANGUAGES, MAX_STOPWORD_LENGTH, STOPWORD_LANGUAGE_BITS } from './stopwords.js';

/** A run of letters of one script within one sentence; spaces, digits and punctuation do not break it. */
export interface ScriptSegment {
  script: CharClass;
  start: number;
  /** One past the last letter. */
  end: number;
  letters: number;
  /** Words of two or more letters (alphabetic scripts). */
  words: number;
  /** Han characters that are grammatical function words (的, 是, 了 …): a sentence, not a term. */
  functionChars: number;
  /** Per language of LATIN_LANGUAGES: how many of its function words the segment has. */
  stopwordHits: Uint8Array;
  /** Opened and closed by quote or title marks: a cited title, not prose. */
  quoted: boolean;
  /** Kana among the letters of a Han/Kana run (Japanese writes both in one sentence). */
  kana: number;
}

const FUNCTION_CHARS = new Set(Array.from('的是了我你他们这那吗呢吧就都也但而把被让因所应该会要可每约在'));

const EMPTY_HITS = new Uint8Array(0);

/** Splits prose into script segments in one pass over the code units. */
export function segmentScripts(prose: string): ScriptSegment[] {
  const segments: ScriptSegment[] = [];
  let current: ScriptSegment | null = null;
  let trailingQuote = false;
  let previousWasQuote = false;
  let wordStart = -1;
  const length = prose.length;

  const finishWord = (end: number): void => {
    if (wordStart < 0 || current === null) return;
    const wordLength = end - wordStart;
    if (wordLength >= 2) current.words++;
    // One-letter words (o, a, e, y, the O of O2) are too ambiguous to tell languages apart.
    if (current.script === CharClass.Latin && wordLength >= 2 && wordLength <= MAX_STOPWORD_LENGTH) {
      const bits = STOPWORD_LANGUAGE_BITS.get(prose.slice(wordStart, end).toLowerCase());
      if (bits !== undefined) {
        for (let l = 0; l < LATIN_LANGUAGES.length; l++) {
          if (bits & (1 << l)) current.stopwordHits[l]!++;
        }
      }
    }
    wordStart = -1;
  };
  const close = (): void => {
    if (current === null) return;
    current.quoted = current.quoted && trailingQuote;
    // A Han/Kana run is Japanese when it has kana; Chinese never does.
    current.script = current.kana >= MIN_KANA ? CharClass.Kana : current.kana > 0 ? CharClass.Han : current.script;
    segments.push(current);
    current = null;
  };

  for (let i = 0; i < length; i++) {
    const code = prose.charCodeAt(i);
    const cls = classifyCodeUnit(code);
    if (cls >= CharClass.Latin && cls !== CharClass.Quote) {
      if (current === null || !sameRun(current.script, cls)) {
        finishWord(i);
        close();
        current = openSegment(cls, i, previousWasQuote);
      }
      if (wordStart < 0 && cls !== CharClass.Han && cls !== CharClass.Kana) wordStart = i;
      current.letters++;
      current.end = i + 1;
      if (cls === CharClass.Han && FUNCTION_CHARS.has(prose[i]!)) current.functionChars++;
      if (cls === CharClass.Kana) current.kana++;
      trailingQuote = false;
      previousWasQuote = false;
      continue;
    }
    finishWord(i);
    if (cls === CharClass.Space) continue;
    previousWasQuote = cls === CharClass.Quote;
    if (previousWasQuote) trailingQuote = true;
    if (cls === CharClass.Terminator && !isInnerDot(prose, code, i)) close();
  }
  finishWord(length);
  close();
  return segments;
}

function openSegment(script: CharClass, start: number, afterQuote: boolean): ScriptSegment {
  return {
    script,
    start,
    end: start,
    letters: 0,
    words: 0,
    functionChars: 0,
    stopwordHits: script === CharClass.Latin ? new Uint8Array(LATIN_LANGUAGES.length) : EMPTY_HITS,
    quoted: afterQuote,
    kana: 0,
  };
}

const MIN_KANA = 2;

function sameRun(script: CharClass, cls: CharClass): boolean {
  if (script === cls) return true;
  const cjk = (c: CharClass): boolean => c === CharClass.Han || c === CharClass.Kana;
  return cjk(script) && cjk(cls);
}

/** "3.5", "Node.js", "fs.readFile": a dot followed by a letter or digit does not end a sentence. */
function isInnerDot(prose: string, code: number, i: number): boolean {
  if (code !== 0x2e) return false;
  const next = prose.charCodeAt(i + 1);
  if (Number.isNaN(next)) return false;
  const cls = classifyCodeUnit(next);
  return cls === CharClass.Latin || cls === CharClass.Digit;
}
