// How a question and a benchmark item are compared: the same words in the same order, whatever
// their case, punctuation, spacing or full-width forms. Chinese and Japanese have no spaces, so
// each Han or kana character is a word of its own.

const WORD =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}])+/gu;

const CJK_CHAR = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

/**
 * Words of an n-gram for this text: n, or 2n where most words are single Han or
 * kana characters (a character carries about half an English word: eight
 * characters is a stock phrase such as 各位数字之和等于, "the sum of the digits is").
 */
export function gramLengthFor(words: readonly string[], n: number): number {
  let cjk = 0;
  for (const word of words) if (word.length === 1 && CJK_CHAR.test(word)) cjk++;
  return cjk * 2 > words.length ? 2 * n : n;
}

/** The words of a text, lower-cased, in order. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

/** The text the fuzzy ratio compares: its words joined by single spaces. */
export function comparableText(words: readonly string[]): string {
  return words.join(' ');
}

/**
 * A 32-bit hash of `count` words from `start` (FNV-1a over their characters, a
 * separator between words): n-grams become numbers, so the index is a Map of
 * numbers and a lookup builds no string.
 */
export function hashWords(words: readonly string[], start: number, count: number): number {
  let hash = 0x811c9dc5;
  for (let w = start; w < start + count; w++) {
    const word = words[w]!;
    for (let i = 0; i < word.length; i++) {
      hash ^= word.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0x20;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0; // a signed 32-bit value stays a small integer, which a Map hashes quickly
}

/**
 * The hashes of a text's word n-grams, each once. A text shorter than n words
 * is one gram of all its words, so that a short question repeated verbatim is
 * still found.
 */
export function gramHashes(words: readonly string[], n: number): number[] {
  if (words.length === 0) return [];
  if (words.length < n) return [hashWords(words, 0, words.length)];
  const seen = new Set<number>();
  for (let start = 0; start + n <= words.length; start++) seen.add(hashWords(words, start, n));
  return [...seen];
}
