// Chinese elementary-maths answers write their numbers in words as often as in digits:
// "二十五", "百分之四十", "五分之三", "一千二百", "三点五". The comparison reads them as the numbers they are.

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const LARGE_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** A run of numeral characters, with an optional decimal part after 点. */
export const CHINESE_NUMBER = /[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?/g;

/** The value of a Chinese numeral ("二十五" → 25, "一千零五" → 1005, "三点五" → 3.5), or null. */
export function readChineseNumber(run: string): number | null {
  const [whole = '', fraction] = run.split('点');
  const integer = readInteger(whole);
  if (integer === null) return null;
  if (fraction === undefined) return integer;
  let digits = '';
  for (const char of fraction) digits += String(DIGITS[char]);
  return Number(`${integer}.${digits}`);
}

function readInteger(text: string): number | null {
  if (text === '') return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const char of text) {
    if (char in DIGITS) {
      if (digit !== null && digit !== 0 && DIGITS[char] !== 0) return null; // "二三" is not a number; "零五" is
      digit = DIGITS[char]!;
    } else if (char in SMALL_UNITS) {
      section += (digit ?? 1) * SMALL_UNITS[char]!; // "十五": a bare 十 is ten
      digit = null;
    } else {
      const unit = LARGE_UNITS[char]!;
      total = (total + section + (digit ?? 0)) * unit;
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

/**
 * Replaces numerals in an answer that is a number in words, with at most a measure word of four characters
 * beside it ("二十五", "百分之二十五", "3 个" stays): a word that merely contains a numeral
 * character ("一样", "三角形") is left alone.
 */
export function chineseNumeralsToDigits(text: string): string {
  if (!/[零〇一二两三四五六七八九十百千万亿]/.test(text)) return text;
  // a lead-in ("合格率是") before the number does not make it a word
  const rest = text
    .replace(LEAD_IN, '')
    .replace(CHINESE_NUMBER, '')
    .replace(/百分之|分之|[\s%％]/g, '');
  if (rest.length > 4) return text;
  const digits = (run: string): string => {
    const value = readChineseNumber(run);
    return value === null ? run : String(value);
  };
  // 百分之 first: 百分之二十五 is 25 %, not the fraction twenty-five hundredths
  return text
    .replace(/百分之(\S+?)(?=[^零〇一二两三四五六七八九十百千万亿点]|$)/g, (_, run: string) => `${digits(run)}%`)
    .replace(FRACTION, (_, denominator: string, numerator: string) => `\\frac{${digits(numerator)}}{${digits(denominator)}}`)
    .replace(CHINESE_NUMBER, (run: string, at: number, whole: string) => (afterDigits(whole, at) ? run : digits(run)));
}

/**
 * A numeral character right after a number in digits is not a number of its own: it is a
 * unit word ("12 千米" is 12 km, "5 千克" 5 kg) or a multiplier ("3万" is 30,000), read later
 * with the units and multipliers.
 */
function afterDigits(text: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && text[before] === ' ') before--;
  return before >= 0 && text.charCodeAt(before) >= 48 && text.charCodeAt(before) <= 57;
}

// "五分之三" is three fifths
const FRACTION = /([零〇一二两三四五六七八九十百千万亿]+)分之([零〇一二两三四五六七八九十百千万亿]+)/g;
const LEAD_IN = /^[\u3400-\u9fff]{1,12}?(?:约为|等于|为|是)/;
