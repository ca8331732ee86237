// Word wrapping by terminal columns. Latin text breaks at spaces (long words are cut);
// CJK text may break between any two ideographs, except that closing punctuation never
// starts a line and opening punctuation never ends one (the usual 禁则 rules, simplified).
import { charWidth, stringWidth } from './text-width.js';

const NO_LINE_START = new Set('，。、；：！？）》」』】〕〉”’…—～·,.;:!?)]}%'.split(''));
const NO_LINE_END = new Set('（《「『【〔〈“‘([{'.split(''));

interface Unit {
  text: string;
  width: number;
  /** A break is allowed before this unit. */
  breakBefore: boolean;
  space: boolean;
}

/** Splits one paragraph into units: a word of narrow characters, one wide character, or one space. */
function toUnits(paragraph: string): Unit[] {
  const units: Unit[] = [];
  let word = '';
  let wordWidth = 0;
  const flushWord = () => {
    if (word) units.push({ text: word, width: wordWidth, breakBefore: true, space: false });
    word = '';
    wordWidth = 0;
  };
  for (const char of paragraph) {
    const w = charWidth(char.codePointAt(0)!);
    if (char === ' ') {
      flushWord();
      units.push({ text: ' ', width: 1, breakBefore: true, space: true });
    } else if (w === 2) {
      flushWord();
      units.push({ text: char, width: 2, breakBefore: true, space: false });
    } else if (w === 0 && !word && units.length > 0) {
      // A combining mark after a wide character stays with it.
      const last = units[units.length - 1]!;
      last.text += char;
    } else {
      word += char;
      wordWidth += w;
    }
  }
  flushWord();
  for (let i = 1; i < units.length; i++) {
    const unit = units[i]!;
    const previous = units[i - 1]!;
    if (!unit.space && NO_LINE_START.has(unit.text[0]!)) unit.breakBefore = false;
    if (!previous.space && NO_LINE_END.has(previous.text[previous.text.length - 1]!)) unit.breakBefore = false;
    if (!unit.space && !previous.space && previous.width === 1 && unit.width === 1) unit.breakBefore = false;
  }
  return units;
}

/**
 * Cuts a word wider than the line into line-sized pieces. A path or URL is cut
 * after a '/' when one falls in the latter part of the line, so that a file
 * name stays whole on its line.
 */
function splitLongWord(text: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0)!);
    if (used + w > width && piece) {
      const slash = piece.lastIndexOf('/');
      const cut = slash >= width / 3 && slash < piece.length - 1 ? slash + 1 : piece.length;
      pieces.push(piece.slice(0, cut));
      piece = piece.slice(cut);
      used = stringWidth(piece);
    }
    piece += char;
    used += w;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

function wrapParagraph(paragraph: string, width: number, out: string[]): void {
  if (stringWidth(paragraph) <= width) {
    out.push(paragraph);
    return;
  }
  const units = toUnits(paragraph);
  // Group units into unbreakable chunks, then fill lines greedily with chunks.
  const chunks: Unit[] = [];
  for (const unit of units) {
    const last = chunks[chunks.length - 1];
    if (last && !unit.breakBefore) {
      last.text += unit.text;
      last.width += unit.width;
    } else {
      chunks.push({ ...unit });
    }
  }
  const firstLine = out.length;
  let line = '';
  let used = 0;
  const pushLine = () => {
    out.push(line.replace(/ +$/, ''));
    line = '';
    used = 0;
  };
  for (const chunk of chunks) {
    if (chunk.space && used === 0 && out.length > firstLine) continue; // no leading space after a wrap
    if (used + chunk.width <= width) {
      line += chunk.text;
      used += chunk.width;
      continue;
    }
    if (chunk.space) {
      pushLine();
      continue;
    }
    if (used > 0) pushLine();
    if (chunk.width <= width) {
      line = chunk.text;
      used = chunk.width;
      continue;
    }
    const pieces = splitLongWord(chunk.text, width);
    for (let i = 0; i < pieces.length - 1; i++) out.push(pieces[i]!);
    line = pieces[pieces.length - 1] ?? '';
    used = stringWidth(line);
  }
  if (line || out.length === firstLine) pushLine();
}

/** Wraps sanitized text (no control characters) to lines of at most `width` columns. */
export function wrapText(text: string, width: number): string[] {
  const safeWidth = Math.max(2, width);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) wrapParagraph(paragraph, safeWidth, out);
  return out;
}
