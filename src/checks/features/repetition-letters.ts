// Which code units are letters for the repetition checks: a unit with a letter (or an emoji)
// can be a loop, one without is formatting (─────, |---|, 0.3333). One table read per code unit.

const LETTERS = buildLetterTable();

export function isLetter(code: number): boolean {
  return LETTERS[code & 0xffff] === 1;
}

export function hasLetter(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (LETTERS[text.charCodeAt(i)] === 1) return true;
  return false;
}

function buildLetterTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) table[c] = isLetterByRanges(c) ? 1 : 0;
  return table;
}

function isLetterByRanges(c: number): boolean {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) return true;
  if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0x400 && c <= 0x4ff))
    return true;
  return c >= 0xd83c && c <= 0xd83e; // an emoji (its high surrogate): a model's loop, never a border
}
