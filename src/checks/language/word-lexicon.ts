import { CODE_KEYWORDS, GENERAL_ENGLISH, MATH_WORDS, TITLE_SMALL_WORDS } from './english-vocabulary.js';
import { LATIN_LANGUAGES, STOPWORDS } from './stopwords.js';

// One lookup per Latin word tells everything the language judgement needs of it.
// Words are looked up by a hash folded while the word is scanned (no slice, no
// lowercase copy): a collision costs at most one misjudged word in a billion.

/** Bits 0..7: a function word of LATIN_LANGUAGES[bit]. */
export const GENERAL_BIT = 1 << 8;
export const TITLE_SMALL_BIT = 1 << 9;
export const CODE_KEYWORD_BIT = 1 << 10;
export const MATH_BIT = 1 << 11;
export const STOPWORD_MASK = (1 << LATIN_LANGUAGES.length) - 1;

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export function startWordHash(): number {
  return FNV_OFFSET;
}

/** Folds one code unit of a word into its hash, case-insensitively (ASCII and Latin-1 letters). */
export function foldWordHash(hash: number, code: number): number {
  let lower = code;
  if (code >= 0x41 && code <= 0x5a) lower = code | 0x20;
  else if (code >= 0xc0 && code <= 0xde && code !== 0xd7) lower = code + 0x20;
  return Math.imul(hash ^ lower, FNV_PRIME);
}

/** The bits of a word (0 when unknown); `hash` as folded by foldWordHash. */
export function lookupWord(hash: number): number {
  return LEXICON.get(hash & 0x3fffffff) ?? 0;
}

export function hashWord(word: string): number {
  let hash = startWordHash();
  for (let i = 0; i < word.length; i++) hash = foldWordHash(hash, word.charCodeAt(i));
  return hash;
}

const LEXICON: ReadonlyMap<number, number> = buildLexicon();

function buildLexicon(): Map<number, number> {
  const lexicon = new Map<number, number>();
  const add = (word: string, bit: number): void => {
    const key = hashWord(word) & 0x3fffffff;
    lexicon.set(key, (lexicon.get(key) ?? 0) | bit);
  };
  LATIN_LANGUAGES.forEach((language, index) => {
    for (const word of STOPWORDS[language]) add(word, 1 << index);
  });
  for (const word of GENERAL_ENGLISH) add(word, GENERAL_BIT);
  for (const word of TITLE_SMALL_WORDS) add(word, TITLE_SMALL_BIT);
  for (const word of CODE_KEYWORDS) add(word, CODE_KEYWORD_BIT);
  for (const word of MATH_WORDS) add(word, MATH_BIT);
  return lexicon;
}
