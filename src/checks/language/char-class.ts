// Script classes of UTF-16 code units, chosen for telling natural languages apart
// cheaply: one table read per code unit, no regex, no allocation.

export const enum CharClass {
  Other = 0,
  Space = 1,
  Digit = 2,
  /** Ends a sentence: . ! ? ; and their CJK forms, and newline. */
  Terminator = 3,
  /** Punctuation and symbols that do not end a sentence. */
  Neutral = 4,
  Latin = 5,
  Han = 6,
  Kana = 7,
  Hangul = 8,
  Cyrillic = 9,
  Arabic = 10,
  Greek = 11,
  Thai = 12,
  Devanagari = 13,
  Hebrew = 14,
  /** An opening or closing quote/title mark: 《》“”"「」【】 … (a quoted title is not a switch). */
  Quote = 15,
}

/*
 * Every code unit's class, computed once at load (64 KiB): the per-character loops
 * of extraction (text sizes, script runs) read it instead of walking the ranges
 * below, which was a tenth of the whole extraction's time.
 */
const CLASS_TABLE = buildClassTable();

export function classifyCodeUnit(c: number): CharClass {
  return CLASS_TABLE[c & 0xffff] as CharClass;
}

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = classifyByRanges(c);
  return table;
}

function classifyByRanges(c: number): CharClass {
  if (c < 0x80) {
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) return CharClass.Latin;
    if (c >= 0x30 && c <= 0x39) return CharClass.Digit;
    if (c === 0x20 || c === 0x09 || c === 0x0d) return CharClass.Space;
    if (c === 0x0a || c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b) return CharClass.Terminator;
    if (c === 0x22) return CharClass.Quote;
    return CharClass.Neutral;
  }
  if (c >= 0x4e00 && c <= 0x9fff) return CharClass.Han;
  if (c >= 0xc0 && c <= 0x24f) return c === 0xd7 || c === 0xf7 ? CharClass.Neutral : CharClass.Latin;
  if (c >= 0x3040 && c <= 0x30ff) return c === 0x30fb || c === 0x30fc ? CharClass.Neutral : CharClass.Kana;
  if (c >= 0x3400 && c <= 0x4dbf) return CharClass.Han;
  if (c >= 0xf900 && c <= 0xfaff) return CharClass.Han;
  // Surrogates: astral Han (ext. B+) is the only astral script that matters here.
  if (c >= 0xd840 && c <= 0xd87f) return CharClass.Han;
  if (c >= 0xdc00 && c <= 0xdfff) return CharClass.Han;
  if (c >= 0xac00 && c <= 0xd7af) return CharClass.Hangul;
  if ((c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) return CharClass.Hangul;
  if (c >= 0x400 && c <= 0x4ff) return CharClass.Cyrillic;
  if (c >= 0x370 && c <= 0x3ff) return CharClass.Greek;
  if (c >= 0x600 && c <= 0x6ff) return CharClass.Arabic;
  if (c >= 0x590 && c <= 0x5ff) return CharClass.Hebrew;
  if (c >= 0xe00 && c <= 0xe7f) return CharClass.Thai;
  if (c >= 0x900 && c <= 0x97f) return CharClass.Devanagari;
  if (c >= 0x1e00 && c <= 0x1eff) return CharClass.Latin;
  if (c >= 0xff10 && c <= 0xff19) return CharClass.Digit;
  if ((c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) return CharClass.Latin;
  switch (c) {
    case 0x3002: // 。
    case 0xff01: // ！
    case 0xff1f: // ？
    case 0xff1b: // ；
    case 0x2026: // …
    case 0x2029:
    case 0x2028:
      return CharClass.Terminator;
    case 0x300a: // 《
    case 0x300b: // 》
    case 0x201c: // “
    case 0x201d: // ”
    case 0x300c: // 「
    case 0x300d: // 」
    case 0x300e: // 『
    case 0x300f: // 』
    case 0xab: // «
    case 0xbb: // »
    case 0x3010: // 【
    case 0x3011: // 】
    case 0x3008: // 〈
    case 0x3009: // 〉
      return CharClass.Quote;
    case 0xa0:
    case 0x3000:
    case 0x2009:
    case 0x200b:
      return CharClass.Space;
  }
  if (c >= 0x2000 && c <= 0x2bff) return CharClass.Neutral; // punctuation, arrows, math symbols
  if (c >= 0x3000 && c <= 0x303f) return CharClass.Neutral; // CJK punctuation
  if (c >= 0xff00 && c <= 0xffef) return CharClass.Neutral; // full-width forms
  if (c >= 0xa1 && c <= 0xbf) return CharClass.Neutral;
  return CharClass.Other;
}

/** Scripts whose letters are natural-language text in themselves (not Latin, which needs a closer look). */
export function scriptLanguage(cls: CharClass): string {
  switch (cls) {
    case CharClass.Han:
      return 'zh';
    case CharClass.Kana:
      return 'ja';
    case CharClass.Hangul:
      return 'ko';
    case CharClass.Cyrillic:
      return 'ru';
    case CharClass.Arabic:
      return 'ar';
    case CharClass.Hebrew:
      return 'he';
    case CharClass.Thai:
      return 'th';
    case CharClass.Devanagari:
      return 'hi';
    default:
      return 'und';
  }
}
