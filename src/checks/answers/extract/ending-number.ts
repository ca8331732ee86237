import { COMPOUND_DURATION_SOURCE } from '../compound-durations.js';
import { span, type AnswerSpan } from './answer-span.js';

/** "× 10^23", "x 10^{-4}", "×10²³": scientific notation typed without LaTeX, after the mantissa. */
export const TIMES_TEN = String.raw`\s*[×x*·]\s*10\s*(?:\^\s*(?:\{\s*[-−]?\d+\s*\}|[-−]?\d+)|[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)`;

/** "½", "2¾": the fraction characters of Unicode. */
export const VULGAR_FRACTION = '[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒]';

const NUMBER_WORD = String.raw`(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)`;
// "$1.5 million", "−7 degrees", "3:45 PM", "16.67%", "1.2e-4", "twenty percent": a value and up to two words after it
const ENDING_NUMBER = new RegExp(
  String.raw`(?<![\w.])(?:\\?\$\s*)?(${COMPOUND_DURATION_SOURCE}|(?:\d{1,3}(?:\.\d{3})+,\d+|[-−]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+|${TIMES_TEN})?(?:\s+(?:thousand|million|billion|trillion))?|\d{1,2}:\d{2}(?:\s*[ap]\.?m\b\.?)?)(?:\s*%|\s+percent\b)?|${NUMBER_WORD}\s+percent\b|\d*${VULGAR_FRACTION})(?:\s*[€£¥₹₽])?(?:\s+[A-Za-z.]+){0,2}\s*$`,
  'i',
);
const HAN_NUMERAL = '[零〇一二两三四五六七八九十百千万亿]';
// "五分之三", "百分之二十五" ending a Chinese sentence
const ENDING_CHINESE_NUMERAL = new RegExp(
  `(${HAN_NUMERAL}+分之${HAN_NUMERAL}+|百分之${HAN_NUMERAL}+(?:点${HAN_NUMERAL}+)?)[\u4e00-\u9fff]{0,2}$`,
);

/**
 * The number a last sentence ends on, with at most two unit words after it
 * ("The temperature dropped to −7 degrees."), or in Chinese before a measure word of
 * up to three Han characters ("他一年能存下 12,000 元。"), or a number in Chinese words.
 */
export function endingNumber(sentence: string, base: number): AnswerSpan | null {
  // the ending number and its words fit in the last 80 characters: the end-anchored pattern is
  // tried only there (from a word's start), not from every position of a long sentence
  let from = Math.max(0, sentence.length - 80);
  if (from > 0) {
    const space = sentence.indexOf(' ', from);
    from = space < 0 ? from : space + 1;
  }
  const english = ENDING_NUMBER.exec(from > 0 ? sentence.slice(from) : sentence);
  if (english) {
    english.index += from;
    const at = base + english.index + english[0].indexOf(english[1]!);
    // "minus 4 degrees" is -4
    const minus = /\b(?:minus|negative)\s+$/i.test(sentence.slice(0, english.index)) && /^\d/.test(english[1]!);
    return minus
      ? { text: `-${english[1]!.trim()}`, offset: at, length: english[1]!.length, source: 'conclusion' }
      : span(english[1]!, at, 'conclusion');
  }
  const chinese = /([-−]?\d[\d,]*(?:\.\d+)?)\s*[\u4e00-\u9fff]{1,3}$/.exec(sentence);
  if (chinese && /[\u4e00-\u9fff]/.test(sentence.slice(0, chinese.index))) return span(chinese[1]!, base + chinese.index, 'conclusion');
  const numeral = ENDING_CHINESE_NUMERAL.exec(sentence);
  if (numeral) return span(numeral[1]!, base + numeral.index, 'conclusion');
  return null;
}
