// Terminal column widths. CJK ideographs, kana, hangul and full-width forms take two columns
// (blessed and every terminal agree on those); combining marks and format characters take none.
// Emoji are the disputed case: blessed's table and old wcwidth say 1, modern terminals say 2.
// We lay them out as 2 and the cell painter re-positions the cursor after each one, so either
// reading of the terminal leaves the rest of the line where we put it.
import blessed from 'blessed';

type Width = 0 | 1 | 2;

interface BlessedUnicode {
  charWidth(text: string | number, index?: number): number;
}
const blessedUnicode = (blessed as unknown as { unicode: BlessedUnicode }).unicode;

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}$/u;

/** Widths of the Basic Multilingual Plane, each computed on first use (UNKNOWN until then): the first screen does not pay for 64K code points. */
const UNKNOWN = 3;
const bmpWidths = new Uint8Array(0x10000).fill(UNKNOWN);
const astralWidths = new Map<number, Width>();

function computeWidth(codePoint: number): Width {
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return 0;
  const char = String.fromCodePoint(codePoint);
  if (ZERO_WIDTH.test(char)) return 0;
  if (blessedUnicode.charWidth(codePoint) === 2) return 2;
  if (EMOJI_PRESENTATION.test(char)) return 2;
  return 1;
}

/** Columns a code point occupies in the terminal. */
export function charWidth(codePoint: number): Width {
  if (codePoint >= 0x20 && codePoint < 0x7f) return 1;
  if (codePoint < 0x10000) {
    const known = bmpWidths[codePoint]!;
    if (known !== UNKNOWN) return known as Width;
    const width = computeWidth(codePoint);
    bmpWidths[codePoint] = width;
    return width;
  }
  let width = astralWidths.get(codePoint);
  if (width === undefined) {
    width = computeWidth(codePoint);
    astralWidths.set(codePoint, width);
  }
  return width;
}

/**
 * True for wide characters that blessed (and some terminals) would count as one column:
 * the painter must re-sync the cursor after writing one.
 */
export function isDisputedWide(codePoint: number): boolean {
  return charWidth(codePoint) === 2 && blessedUnicode.charWidth(codePoint) !== 2;
}

/** Columns a string occupies (no control characters expected: sanitize first). */
export function stringWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) {
      width++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    width += charWidth(cp);
  }
  return width;
}

/**
 * The longest prefix of `text` that fits in `width` columns, never splitting a wide
 * character or separating a combining mark from its base.
 */
export function truncateToWidth(text: string, width: number): string {
  let used = 0;
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const w = charWidth(cp);
    if (used + w > width) break;
    used += w;
    i += cp > 0xffff ? 2 : 1;
  }
  return text.slice(0, i);
}

/** Pads or truncates to exactly `width` columns, with `…` when something was cut. */
export function fitToWidth(text: string, width: number): string {
  if (width <= 0) return '';
  const full = stringWidth(text);
  if (full <= width) return text + ' '.repeat(width - full);
  const cut = truncateToWidth(text, width - 1) + '…';
  return cut + ' '.repeat(width - stringWidth(cut));
}
