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
  // Open addressing in typed arrays (a slot's key is the 30-bit hash with bit 30 set, 0 when empty):
  // a Map lookup was a fifth of splitting text into script runs.
  const key = (hash & 0x3fffffff) | OCCUPIED;
  for (let slot = mix(key) & SLOT_MASK; ; slot = (slot + 1) & SLOT_MASK) {
    const found = SLOT_KEYS[slot]!;
    if (found === key) return SLOT_BITS[slot]!;
    if (found === 0) return 0;
  }
}

const OCCUPIED = 0x40000000;

function mix(key: number): number {
  const h = Math.imul(key ^ (key >>> 15), 0x2c1b3c6d);
  return h ^ (h >>> 16);
}

export function hashWord(word: string): number {
  let hash = startWordHash();
  for (let i = 0; i < word.length; i++) hash = foldWordHash(hash, word.charCodeAt(i));
  return hash;
}

const LEXICON: ReadonlyMap<number, number> = buildLexicon();
/** At most a quarter full, so a lookup of an unknown word (most words) ends at the first or second slot. */
const SLOT_COUNT = 1 << Math.max(10, Math.ceil(Math.log2(LEXICON.size * 4)));
const SLOT_MASK = SLOT_COUNT - 1;
const SLOT_KEYS = new Int32Array(SLOT_COUNT);
const SLOT_BITS = new Uint16Array(SLOT_COUNT);
for (const [hash, bits] of LEXICON) {
  const key = hash | OCCUPIED;
  let slot = mix(key) & SLOT_MASK;
  while (SLOT_KEYS[slot] !== 0) slot = (slot + 1) & SLOT_MASK;
  SLOT_KEYS[slot] = key;
  SLOT_BITS[slot] = bits;
}

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
