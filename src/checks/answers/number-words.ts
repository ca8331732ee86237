/**
 * Numbers written in English words, as teachers end word problems: "twelve",
 * "twenty-one", "one hundred and five", "three-fourths", "two and a half",
 * "one half", "minus four". Read into digits ("21", "3/4", "5/2") so that they
 * compare with the reference as numbers.
 */

const ONES =
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(
    ' ',
  );
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, bigint> = { thousand: 1000n, million: 1000000n, billion: 1000000000n };
// the denominators of fractions in words, singular and plural ("a third", "two thirds", "three-fourths")
const DENOMINATORS: Record<string, number> = {
  half: 2,
  halves: 2,
  third: 3,
  quarter: 4,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  sixteenth: 16,
  twentieth: 20,
  hundredth: 100,
  thousandth: 1000,
};

const WORD_LIST = [
  ...ONES,
  ...Object.keys(TENS),
  'hundred',
  ...Object.keys(SCALES),
  ...Object.keys(DENOMINATORS),
  ...Object.keys(DENOMINATORS)
    .filter((word) => !word.endsWith('f') && word !== 'halves' && word !== 'half')
    .map((word) => `${word}s`),
];

/** A run of number words (joined by spaces, hyphens or "and"), for finding one in a sentence. */
export const NUMBER_WORDS_SOURCE = String.raw`(?:(?:minus|negative)\s+)?(?:an?\s+)?(?:${WORD_LIST.sort((a, b) => b.length - a.length).join('|')})(?:(?:\s+and\s+an?\s+|\s+and\s+|[\s-]+)(?:${WORD_LIST.join('|')}))*\b`;

/** The number `text` says in words, as digits or a fraction ("21", "3/4"); null when it is not one. */
export function readNumberWords(text: string): string | null {
  const words = text
    .trim()
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((word) => word !== '');
  if (words.length === 0 || words.length > 12) return null;
  let sign = '';
  if (words[0] === 'minus' || words[0] === 'negative') {
    sign = '-';
    words.shift();
  }
  // "two and a half": a whole number and a fraction
  const and = words.indexOf('and');
  if (and > 0 && (words[and + 1] === 'a' || words[and + 1] === 'an') && words.length === and + 3) {
    const whole = readCardinal(words.slice(0, and));
    const denominator = DENOMINATORS[singular(words[and + 2]!)];
    if (whole === null || denominator === undefined) return null;
    return `${sign}${whole * BigInt(denominator) + 1n}/${denominator}`;
  }
  const last = singular(words[words.length - 1]!);
  const denominator = DENOMINATORS[last];
  if (denominator !== undefined) {
    // "a third", "one half", "half", "three quarters"
    const count = words.slice(0, -1);
    const numerator = count.length === 0 || (count.length === 1 && (count[0] === 'a' || count[0] === 'an')) ? 1n : readCardinal(count);
    return numerator === null ? null : `${sign}${numerator}/${denominator}`;
  }
  const value = readCardinal(words);
  return value === null ? null : `${sign}${value}`;
}

function singular(word: string): string {
  if (word === 'halves') return 'half';
  return word.endsWith('s') && DENOMINATORS[word.slice(0, -1)] !== undefined ? word.slice(0, -1) : word;
}

/** "one hundred and five", "twenty one", "a thousand", "two million three hundred thousand". */
function readCardinal(words: readonly string[]): bigint | null {
  let total = 0n;
  let group = 0n;
  let seen = false;
  for (const [index, word] of words.entries()) {
    if (word === 'and') {
      if (!seen) return null;
      continue;
    }
    if ((word === 'a' || word === 'an') && index === 0) {
      group = 1n;
      continue;
    }
    const one = ONES.indexOf(word);
    if (one >= 0) group += BigInt(one);
    else if (TENS[word] !== undefined) group += BigInt(TENS[word]);
    else if (word === 'hundred') group = (group === 0n ? 1n : group) * 100n;
    else if (SCALES[word] !== undefined) {
      total += (group === 0n ? 1n : group) * SCALES[word];
      group = 0n;
    } else return null;
    seen = true;
  }
  return seen ? total + group : null;
}
