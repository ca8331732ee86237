import { francAll } from 'franc';
import { CharClass, scriptLanguage } from './char-class.js';
import { NO_LANGUAGE, type LanguageFeatures } from './language-features.js';
import { stripNonProse } from './strip-non-prose.js';
import { segmentScripts, type ScriptSegment } from './segment-scripts.js';
import { FRANC_CODES, LATIN_LANGUAGES, type LatinLanguage } from './stopwords.js';

/**
 * Judges which natural languages a text is written in, relative to the one it
 * should be in. Script runs are found first (cheap); only Latin sentences need a
 * closer look: function words decide most of them, franc (restricted to a few
 * languages) the long ones that function words leave open. Short Latin terms in
 * Chinese text, quoted titles, short Han terms in English text are neutral.
 */
export function analyzeLanguage(text: string, expected: string): LanguageFeatures {
  if (text.length === 0) return NO_LANGUAGE;
  const prose = stripNonProse(text);
  const segments = segmentScripts(prose);
  const units = new Map<string, number>();
  let expectedUnits = 0;
  let foreignUnits = 0;
  let best: Span | null = null;
  let current: Span | null = null;

  for (const segment of segments) {
    const verdict = judgeSegment(prose, segment, expected);
    if (verdict.language === '') continue; // neutral: does not break a foreign span either
    units.set(verdict.language, (units.get(verdict.language) ?? 0) + verdict.units);
    if (verdict.language === expected) {
      expectedUnits += verdict.units;
      current = null;
      continue;
    }
    foreignUnits += verdict.units;
    if (current && current.language === verdict.language) {
      current.end = segment.end;
      current.units += verdict.units;
    } else {
      current = { language: verdict.language, start: segment.start, end: segment.end, units: verdict.units };
    }
    if (!best || current.units > best.units) best = current;
  }

  return {
    dominant: dominantLanguage(units),
    expectedUnits,
    foreignUnits,
    spanLanguage: best?.language ?? '',
    spanUnits: best?.units ?? 0,
    spanText: best ? quoteSpan(prose.slice(best.start, best.end)) : '',
    spanOffset: best ? locateSpan(text, prose, best) : -1,
  };
}

interface Span {
  language: string;
  start: number;
  end: number;
  units: number;
}

interface SegmentVerdict {
  /** '' for neutral (terms, too short to judge). */
  language: string;
  units: number;
}

const NEUTRAL: SegmentVerdict = { language: '', units: 0 };

// Below these sizes a run is a term, a name or a variable, not a switch of language.
const MIN_HAN_SENTENCE = 8;
const MIN_HAN_WITH_FUNCTION_CHAR = 4;
const MIN_LATIN_WORDS_FOREIGN = 4;
const MIN_LATIN_WORDS_JUDGED = 3;
const MIN_LETTERS_FOR_FRANC = 40;
const MIN_WORDS_FOR_FRANC = 6;
const FRANC_MARGIN = 0.2;
const MIN_OTHER_SCRIPT_LETTERS = 4;

function judgeSegment(prose: string, segment: ScriptSegment, expected: string): SegmentVerdict {
  switch (segment.script) {
    case CharClass.Han:
      if (expected === 'zh') return { language: 'zh', units: segment.letters };
      if (segment.letters >= MIN_HAN_SENTENCE) return { language: 'zh', units: segment.letters };
      if (segment.letters >= MIN_HAN_WITH_FUNCTION_CHAR && segment.functionChars > 0) {
        return { language: 'zh', units: segment.letters };
      }
      return NEUTRAL;
    case CharClass.Latin:
      return judgeLatin(prose, segment, expected);
    case CharClass.Greek:
      return NEUTRAL; // Greek letters in these texts are almost always mathematics.
    default: {
      if (segment.letters < MIN_OTHER_SCRIPT_LETTERS) return NEUTRAL;
      const language = scriptLanguage(segment.script);
      if (language === 'und') return NEUTRAL;
      const units = segment.script === CharClass.Thai || segment.script === CharClass.Kana ? segment.letters : Math.max(1, segment.words);
      return { language, units };
    }
  }
}

function judgeLatin(prose: string, segment: ScriptSegment, expected: string): SegmentVerdict {
  const expectsLatin = expected !== 'zh';
  if (segment.words < MIN_LATIN_WORDS_JUDGED) {
    return expectsLatin ? { language: expected, units: segment.words } : NEUTRAL;
  }
  // A quoted title inside Chinese text ("《Training Load and Injury Risk》") is a citation.
  if (!expectsLatin && segment.quoted) return NEUTRAL;
  const language = languageByFunctionWords(segment) || languageOfLongSentence(prose, segment, expected);
  if (language === '' || (language !== expected && segment.words < MIN_LATIN_WORDS_FOREIGN)) {
    return expectsLatin ? { language: expected, units: segment.words } : NEUTRAL;
  }
  return { language, units: segment.words };
}

/**
 * franc is only asked about sentences long enough for trigrams to mean something,
 * and it must beat the expected language clearly: on 40-letter English sentences it
 * says Dutch or French about as often as English.
 */
function languageOfLongSentence(prose: string, segment: ScriptSegment, expected: string): string {
  if (segment.letters < MIN_LETTERS_FOR_FRANC || segment.words < MIN_WORDS_FOR_FRANC) return '';
  const expectedIndex = LATIN_LANGUAGES.indexOf(expected as LatinLanguage);
  if (expectedIndex >= 0 && segment.stopwordHits[expectedIndex]! > 0) return expected;
  const ranked = francAll(prose.slice(segment.start, segment.end), { only: FRANC_ONLY, minLength: 10 });
  const [top, second] = ranked;
  if (!top || top[0] === 'und') return '';
  const language = FRANC_CODES[top[0]] ?? '';
  if (language === expected || expectedIndex < 0) return language;
  const expectedScore = ranked.find(([code]) => FRANC_CODES[code] === expected)?.[1] ?? 0;
  const margin = top[1] - Math.max(expectedScore, 0);
  return margin >= FRANC_MARGIN && second !== undefined ? language : '';
}

/** The language whose function words clearly dominate the segment, or ''. */
function languageByFunctionWords(segment: ScriptSegment): string {
  let best = -1;
  let bestHits = 0;
  let secondHits = 0;
  for (let i = 0; i < LATIN_LANGUAGES.length; i++) {
    const hits = segment.stopwordHits[i]!;
    if (hits > bestHits) {
      secondHits = bestHits;
      bestHits = hits;
      best = i;
    } else if (hits > secondHits) {
      secondHits = hits;
    }
  }
  if (best < 0 || bestHits < 2 || bestHits <= secondHits) return '';
  return LATIN_LANGUAGES[best]!;
}

const FRANC_ONLY = Object.keys(FRANC_CODES);

function dominantLanguage(units: Map<string, number>): string {
  let dominant = 'und';
  let most = 0;
  for (const [language, count] of units) {
    if (count > most) {
      most = count;
      dominant = language;
    }
  }
  return dominant;
}

const QUOTE_LENGTH = 80;

function quoteSpan(span: string): string {
  const flat = span.replace(/\s+/g, ' ').trim();
  return flat.length <= QUOTE_LENGTH ? flat : flat.slice(0, QUOTE_LENGTH - 1) + '…';
}

/** Offset of the span in the original text (prose offsets shift where code was cut out). */
function locateSpan(text: string, prose: string, span: Span): number {
  if (prose === text) return span.start;
  const probe = prose.slice(span.start, Math.min(span.end, span.start + 24));
  const found = text.indexOf(probe);
  return found >= 0 ? found : span.start;
}
