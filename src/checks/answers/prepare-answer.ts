import { chineseNumeralsToDigits } from './chinese-numerals.js';
import { readCalendarDate } from './calendar-dates.js';
import { readCompoundDuration } from './compound-durations.js';
import { matchingBrace } from './latex-groups.js';
import { readNumberWords } from './number-words.js';
import { PLAIN_WORDS } from './math/tokenize-math.js';
import { isSingleLetterUnit, isUnitPhrase } from './unit-words.js';
import { readUnitScale, type UnitScale } from './unit-scales.js';

/** A final answer made ready for the math parser, and what was learnt on the way. */
export interface PreparedAnswer {
  /** Math text: no delimiters, boxes, spacing commands, units, currency or thousands separators. */
  math: string;
  /** The answer carried a percent sign or the word "percent". */
  percent: boolean;
  /** The answer said it is approximate (≈, "about"). */
  approximate: boolean;
  /** The value carried a degree sign or the word "degrees" (60° is π/3 radians). */
  degrees: boolean;
  /** A duration in two units ("2 hours and 30 minutes"): its value in the smaller unit (150); `math` has it in the larger. */
  inSmallestUnit?: string;
  /** The unit of measure dropped after the value, when its size is known ("km", "cm²"). */
  unit?: UnitScale;
  /** A whole calendar date, as YYYY-MM-DD ("March 14, 2015" → 2015-03-14). */
  date?: string;
}

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
};
const TEXT_COMMANDS =
  /\\(?:text|textrm|textnormal|textbf|textit|textsf|texttt|mathrm|mathbf|mathit|mathsf|mathtt|mbox|hbox|boldsymbol|bm)\s*\{/g;

/**
 * Cleans an extracted final answer the way MATH's strip_string, Minerva's
 * normalize_final_answer and latex2sympy's normaliser do, but keeping structure:
 * the result is parsed, not compared as a string.
 */
export function prepareAnswer(raw: string): PreparedAnswer {
  let text = raw;
  const date = /\d{4}/.test(text) ? readCalendarDate(text.replace(/\\text\{([^{}]*)\}|\*\*|\$/g, '$1')) : null;
  if (date) return { math: date, percent: false, approximate: false, degrees: false, date };
  // Each step runs only when its trigger is in the text: most answers are short and plain.
  if (/[^\t\n\r\x20-\x7e]/.test(text)) {
    text = text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+/g, (run) => `^{${[...run].map((c) => SUPERSCRIPTS[c]).join('')}}`);
    // "½" is 1/2 and "2¾" two and three quarters (NFKC would make it 23⁄4)
    text = text.replace(/(\d?)([½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅐⅛⅜⅝⅞⅑⅒])/g, (_, whole: string, fraction: string) => {
      const [numerator, denominator] = fraction.normalize('NFKC').split('⁄');
      return `${whole}${whole ? ' ' : ''}${numerator}/${denominator}`;
    });
    text = text
      .normalize('NFKC')
      .replace(/⁄/g, '/')
      .replace(/\u200b/g, '');
    // 或 / 和 / 、 between values are the list words of Chinese answers (x=2 或 x=3)
    text = text
      .replace(/\s*(?:或者|或)\s*(?=[^\u3400-\u9fff])/g, ' or ')
      .replace(/\s*(?:以及|和|与)\s*(?=[^\u3400-\u9fff])/g, ' and ')
      .replace(/、/g, ', ');
    // numbers in words, then a Chinese lead-in before the value: 面积为 24 → 24
    text = chineseNumeralsToDigits(text.trim());
    text = text.replace(/^[\u3400-\u9fff]{1,12}?(?:约为|等于|为|是)\s*(?=[^\u3400-\u9fff])/, '');
  }
  // markdown bold, not the ** of a power (2**10)
  if (text.includes('*') || text.includes('_') || text.includes('`')) text = text.replace(/(?<![\w)}])\*\*|\*\*(?![\w({])|__|`/g, '');
  text = text.trim();
  const approximate = /\\approx|≈|~=|\babout\b|\bapproximately\b|\bnearly\b|约/.test(text);
  const degrees = /°|\\circ|\\degree|\bdeg(?:ree)?s?\b|度/.test(text);
  if (text.includes('$')) text = text.replace(/\\\$/g, ' ').replace(/\$+/g, ' ');
  if (text.includes('{,}')) text = text.replace(/(\d)\{,\}(?=\d{3})/g, '$1');
  if (text.includes('\\')) text = cleanLatex(text);
  if (text.includes('setminus') || text.includes('ℝ')) text = allRealsExcept(text);
  if (text.includes('~')) text = text.replace(/~=/g, '\\approx ').replace(/~/g, ' ');
  if (text.includes('°')) text = text.replace(/°/g, ' ');
  let percent = false;
  if (/[%％]|per\s?cent|pct|百分之/i.test(text)) {
    text = text.replace(/\\%|%|\s*\bper\s?cent(?:age)?\b|\s*\bpct\b|百分之/gi, () => {
      percent = true;
      return '%';
    });
  }
  if (text.endsWith(')') || text.endsWith('）')) text = withoutRemark(text);
  if (text.includes('/') && /\d\s+\d+\/\d/.test(text)) text = mixedNumbers(text);
  if (text.includes(':') && /\d:\d\d\s*[ap]\.?\s*m\b/i.test(text)) text = twentyFourHour(text);
  if (text.startsWith('[[')) text = nestedListMatrix(text);
  if (/[€£¥₹₩₽]|USD|RMB|Rs/.test(text)) text = text.replace(/[€£¥₹₩₽]|\bUS\s?D\b|\bRMB\b|\bRs\.?(?=\s*\d)/g, ' ');
  // "1.250,00" and "1.250.000": thousands grouped by dots, as German, Spanish or Italian write them
  if (/\d\.\d{3}[.,]\d/.test(text)) text = dottedThousands(text);
  if (text.includes(',') || text.includes(' ')) text = stripThousands(text);
  if (/thousand|illion|[万亿千百]/i.test(text)) {
    // 千 and 百 are multipliers unless they open a unit word (千米 km, 千克 kg, 百米)
    text = text.replace(
      /(\d(?:[\d.]*\d)?)\s*(?:(thousand|million|billion|trillion)\b|(万|亿|千(?![米克瓦卡焦帕赫伏])|百(?!米)))/gi,
      (_, value: string, word: string | undefined, han: string | undefined) =>
        `${value}\\times 10^{${MULTIPLIERS[(word ?? han)!.toLowerCase()]}}`,
    );
  }
  // "6.02 x 10^23": the letter x between a number and a power of ten is a times sign
  if (/\d\s*x\s*10\s*\^/.test(text)) text = text.replace(/(\d)\s*x\s*(?=10\s*\^)/g, '$1\\times ');
  // "five", "twenty-one", "three quarters", "twenty percent"
  if (/^[a-z -]+%?$/i.test(text)) {
    const percentSign = text.endsWith('%') ? '%' : '';
    const number = readNumberWords(percentSign ? text.slice(0, -1) : text);
    if (number !== null) text = number + percentSign;
  }
  text = text.trim();
  let inSmallestUnit: string | undefined;
  const duration = /\d\s*[A-Za-z]+\s*(?:,\s*)?(?:and\s+)?\d/.test(text) ? readCompoundDuration(text) : null;
  if (duration) [text, inSmallestUnit] = [duration.largest, duration.smallest];
  // a unit ends the answer on a letter, a Han or Cyrillic character, or a power ("12 cm^{2}")
  let unit: UnitScale | null = null;
  if (/[A-Za-z\u3400-\u9fff\u0400-\u04ff.\d]$|[A-Za-z]\^\{?[23]\}?$/.test(text) && /[A-Za-z\u3400-\u9fff\u0400-\u04ff]/.test(text))
    ({ text, unit } = stripUnits(text));
  text = text
    .replace(/\s+/g, ' ')
    .replace(/^(?:is|are|be|equals?|=|:|：)\s+/i, '')
    .replace(/^[=:：]\s*/, '')
    .replace(/[\s.。;；,，！]+$/, '')
    .trim();
  const prepared: PreparedAnswer = { math: text, percent, approximate, degrees };
  if (inSmallestUnit !== undefined) prepared.inSmallestUnit = inSmallestUnit;
  if (unit) prepared.unit = unit;
  return prepared;
}

/** "12 (rounded to the nearest whole number)", "7 (seven)": a remark in words after the value is not part of it. */
function withoutRemark(text: string): string {
  const trimmed = text.trimEnd();
  const last = trimmed[trimmed.length - 1];
  if (last !== ')' && last !== '）') return text;
  const open = Math.max(trimmed.lastIndexOf('('), trimmed.lastIndexOf('（'));
  const before = trimmed.slice(0, open);
  // a remark stands apart after the value: "12 (…)", not "f(x)" or "(1, 2)"
  if (open <= 0 || !/\s$/.test(before) || !/[\w}\]]\s*$/.test(before)) return text;
  const inside = trimmed.slice(open + 1, -1);
  // words, not math: "(3, \infty)" and "(C)" stay
  if (/[()（）\\]/.test(inside) || !/[A-Za-z]{3,}|[\u3400-\u9fff]/.test(inside) || /^\s*[-+\d.]+\s*,/.test(inside)) return text;
  return before.trimEnd();
}

/** "2 1/2" (two and a half, as people type it) is 5/2, not 2·½. */
function mixedNumbers(text: string): string {
  return text.replace(/(?<![\w.^/{])(\d+)\s+(\d+)\/(\d+)(?![\w./])/g, (written: string, w: string, n: string, d: string) => {
    const [integer, numerator, denominator] = [BigInt(w), BigInt(n), BigInt(d)];
    if (denominator === 0n || numerator >= denominator) return written;
    return `\\frac{${integer * denominator + numerator}}{${denominator}}`;
  });
}

/** "2:30 PM" is 14:30, "12:15 am" is 0:15: clock times compare on the 24-hour clock. */
function twentyFourHour(text: string): string {
  return text.replace(/(\d{1,2}):(\d\d)\s*([ap])\.?\s*m\b\.?/gi, (_, h: string, m: string, half: string) => {
    const hour = (Number(h) % 12) + (half.toLowerCase() === 'p' ? 12 : 0);
    return `${hour}:${m}`;
  });
}

/** "[[1, 2], [3, 4]]" (a matrix as a list of rows, as code prints it) is the matrix. */
function nestedListMatrix(text: string): string {
  const rows = /^\[\s*(\[[^[\]]*\](?:\s*,\s*\[[^[\]]*\])*)\s*\]$/.exec(text.trim());
  if (!rows) return text;
  const cells = [...rows[1]!.matchAll(/\[([^[\]]*)\]/g)].map((row) => row[1]!.split(',').map((cell) => cell.trim()));
  if (cells.some((row) => row.length !== cells[0]!.length || row.some((cell) => cell === ''))) return text;
  return `\\begin{pmatrix}${cells.map((row) => row.join(' & ')).join(' \\\\ ')}\\end{pmatrix}`;
}

/** "\mathbb{R} \setminus \{0\}" (a domain written as the reals but some points) is the union of the intervals between them. */
function allRealsExcept(text: string): string {
  const match = /^\s*(?:\\mathbb\s*\{?R\}?|ℝ)\s*(?:\\setminus|\\backslash|-)\s*\\\{([^{}]+)\\\}\s*$/.exec(text);
  if (!match) return text;
  const points = match[1]!.split(',').map((point) => point.trim());
  if (points.some((point) => !/^-?\d+(?:\.\d+)?$/.test(point))) return text;
  const sorted = points.map(Number).sort((a, b) => a - b);
  const bounds = ['-\\infty', ...sorted.map(String), '\\infty'];
  return bounds
    .slice(1)
    .map((bound, i) => `(${bounds[i]},${bound})`)
    .join('\\cup');
}

/** The LaTeX part of the cleaning: boxes, delimiters, \left/\right, spacing, thousands, degrees, \text. */
function cleanLatex(text: string): string {
  if (text.includes('box')) text = unwrapAll(text, /\\(?:boxed|fbox|framebox)\s*\{/g);
  text = text
    .replace(/\\[()[\]]/g, ' ')
    .replace(/\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits|mathstrut|strut)\b/g, '')
    .replace(/\\[mb]?left\s*\.|\\[mb]?right\s*\./g, '')
    .replace(/\\(?:[mb]?left|[mb]?right|[bB]igg?[lrm]?)\b\s*/g, '')
    .replace(/\\(?:lbrace)\b/g, '\\{')
    .replace(/\\(?:rbrace)\b/g, '\\}')
    .replace(/\\lbrack\b/g, '[')
    .replace(/\\rbrack\b/g, ']');
  // Thousands separators written in LaTeX: 14{,}916, 11,\!111, 20\,000, 1\,234\,567
  text = text.replace(/(\d),\\!\s*(?=\d{3})/g, '$1').replace(/(\d)\\[,;: ](?=\d{3}(?!\d))/g, '$1');
  text = text
    .replace(/(?<!\\)\\(?:[,;:!> ]|quad|qquad|enspace|thinspace|medspace|thickspace|hfill)/g, ' ')
    .replace(/\\hspace\*?\{[^}]*\}/g, ' ');
  if (text.includes('circ') || text.includes('degree')) text = text.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|\\degree/g, ' ');
  if (text.includes('text') || text.includes('math') || text.includes('box') || text.includes('bm')) text = unwrapTextCommands(text);
  if (/\\(?:overline|dot|bar)/.test(text)) text = repeatingDecimals(text);
  return text;
}

const MULTIPLIERS: Record<string, number> = { thousand: 3, million: 6, billion: 9, trillion: 12, 百: 2, 千: 3, 万: 4, 亿: 8 };
/** 0.\overline{3} and 0.1\overline{6} are the fractions they repeat to. */
function repeatingDecimals(text: string): string {
  return text.replace(
    /(-?)(\d*)\.(\d*)\\(?:overline|dot|bar)\s*\{(\d+)\}/g,
    (_, sign: string, whole: string, fixed: string, period: string) => {
      const numerator = BigInt((whole || '0') + fixed + period) - BigInt((whole || '0') + fixed);
      const denominator = BigInt('9'.repeat(period.length) + '0'.repeat(fixed.length));
      return `${sign}\\frac{${numerator}}{${denominator}}`;
    },
  );
}

/** Replaces each `\command{content}` by its content (balanced braces). */
export function unwrapAll(text: string, command: RegExp): string {
  for (let guard = 0; guard < 50; guard++) {
    command.lastIndex = 0;
    const match = command.exec(text);
    if (!match) return text;
    const open = match.index + match[0].length - 1;
    const close = matchingBrace(text, open);
    if (close < 0) return text.slice(0, match.index) + text.slice(open + 1);
    text = text.slice(0, match.index) + text.slice(open + 1, close) + text.slice(close + 1);
  }
  return text;
}

/** \text{ or } is a separator, \text{ cm} a unit, \text{(C)} a choice: all become their words. */
function unwrapTextCommands(text: string): string {
  for (let guard = 0; guard < 50; guard++) {
    TEXT_COMMANDS.lastIndex = 0;
    const match = TEXT_COMMANDS.exec(text);
    if (!match) return text;
    const open = match.index + match[0].length - 1;
    const close = matchingBrace(text, open);
    if (close < 0) return text;
    const inner = text.slice(open + 1, close);
    text = `${text.slice(0, match.index)} ${inner} ${text.slice(close + 1)}`;
  }
  return text;
}

/** 1,234,567 and 10 000 are numbers, not lists (groups of exactly three digits). */
function stripThousands(text: string): string {
  return text
    .replace(/(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]|\.\d)/g, (number) => number.replace(/,/g, ''))
    .replace(/(?<![\d.])\d{1,3}(?: \d{3})+(?:\.\d+)?(?![\d.])/g, (number) => number.replace(/ /g, ''));
}

/**
 * "42 red apples", "18 more tiles": words of three letters or more after a spaced
 * number, none of them a word of math (or, and, sqrt, pi …), name what is counted.
 */
function isNounPhrase(words: string, spaced: boolean): boolean {
  if (!spaced) return false;
  const parts = words.split(/\s+/);
  // "of" may join the words ("pieces of fruit", "cups of flour"), never open or close them
  return parts.every(
    (part, i) => (/^[A-Za-z]{3,}$/.test(part) && !PLAIN_WORDS.has(part.toLowerCase())) || (part === 'of' && i > 0 && i < parts.length - 1),
  );
}

/** "1.250,00" is 1250.00 and "1.250.000" is 1250000; "1.250" alone is left (it may be 1.25). */
function dottedThousands(text: string): string {
  return text
    .replace(
      /(?<![\d.,])(\d{1,3}(?:\.\d{3})+),(\d+)(?![\d.,])/g,
      (_, whole: string, fraction: string) => `${whole.replace(/\./g, '')}.${fraction}`,
    )
    .replace(/(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,])/g, (number) => number.replace(/\./g, ''));
}

/**
 * Drops units, currency words and counted nouns after the value ("40 feet", "24 cm^2", "120元",
 * "42 см"), and says which unit of measure was dropped when its size is known.
 */
function stripUnits(text: string): { text: string; unit: UnitScale | null } {
  let unit: UnitScale | null = null;
  for (let pass = 0; pass < 2; pass++) {
    const cjk = /^(.*?[\d})\]%])\s*([\u3400-\u9fff]{1,6}|[\u0400-\u04ff]{1,8}\.?(?:\^\{[23]\})?)$/.exec(text);
    if (cjk) {
      unit ??= readUnitScale(cjk[2]!);
      text = cjk[1]!;
      continue;
    }
    // after a digit, a bracket, a percent sign or a constant such as \pi ("24\pi cm^3")
    const match = /^(.*?(?:[\d})\]%]|\\[A-Za-z]+))\s*((?:[A-Za-z°][A-Za-z°/]*\.?(?:\s*\^\s*\{?\s*[23]\s*\}?|[23](?![\d]))?\s*){1,4})$/.exec(
      text,
    );
    if (!match) break;
    const words = match[2]!.trim();
    const spaced = /\s$/.test(match[1]!) || /^\s/.test(text.slice(match[1]!.length));
    if (
      (isUnitPhrase(words) || isNounPhrase(words.replace(/\.$/, ''), spaced)) &&
      (words.length > 1 || (spaced && isSingleLetterUnit(words)))
    ) {
      if (words.length === 1 && !spaced) break;
      unit ??= readUnitScale(words);
      text = match[1]!;
    } else {
      break;
    }
  }
  return { text, unit };
}
