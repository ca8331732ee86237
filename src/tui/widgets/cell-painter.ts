// Writes styled text straight into blessed's screen buffer. Going around blessed's content
// pipeline means model text is never parsed for tags or SGR codes, and a pane costs only
// the cells it shows.
import { charWidth, isDisputedWide } from '../text-width.js';
import type { StyledLine, Tone } from '../view-model/styled-text.js';

/** blessed's cell: [attribute, character(s)]; a line carries a dirty flag for the diff. */
export type Cell = [number, string];
export type CellLine = Cell[] & { dirty?: boolean };

export interface PaintArea {
  lines: CellLine[];
  x: number;
  y: number;
  width: number;
}

function setCell(row: CellLine, x: number, attr: number, ch: string): void {
  const cell = row[x];
  if (!cell) return;
  if (cell[0] !== attr || cell[1] !== ch) {
    cell[0] = attr;
    cell[1] = ch;
    row.dirty = true;
  }
}

/**
 * A wide character that blessed would count as one column (most emoji): write it over two
 * blanks and then put the cursor where we expect it, so terminals that draw it one column wide
 * and terminals that draw it two columns wide both continue the line at the same place.
 */
function disputedWideCell(screenX: number, char: string): string {
  return `  \x1b[${screenX + 1}G${char}\x1b[${screenX + 3}G`;
}

/**
 * Paints one line of segments into `width` columns starting at (x, y) and fills the rest with
 * blanks (unless `fillAttr` is null, for a title over a border). `attrOf` gives the attribute
 * of each tone. Returns the columns used by text.
 */
export function paintLine(area: PaintArea, line: StyledLine, attrOf: (tone: Tone | undefined) => number, fillAttr: number | null): number {
  const row = area.lines[area.y];
  if (!row) return 0;
  const { x, width } = area;
  let col = 0;
  outer: for (const segment of line) {
    const attr = attrOf(segment.tone);
    for (const char of segment.text) {
      const cp = char.codePointAt(0)!;
      const w = charWidth(cp);
      if (w === 0) {
        // Combining marks join the character before them, in the same cell.
        const previous = row[x + col - 1];
        if (col > 0 && previous) {
          previous[1] += char;
          row.dirty = true;
        }
        continue;
      }
      if (col + w > width) break outer;
      if (w === 2) {
        setCell(row, x + col, attr, isDisputedWide(cp) ? disputedWideCell(x + col, char) : char);
        setCell(row, x + col + 1, attr, '');
      } else {
        setCell(row, x + col, attr, char);
      }
      col += w;
    }
  }
  const used = col;
  if (fillAttr === null) return used;
  for (; col < width; col++) setCell(row, x + col, fillAttr, ' ');
  return used;
}

/** Paints every cell of a row range with one attribute (the selection bar, blank rows). */
export function fillRow(area: PaintArea, attr: number): void {
  const row = area.lines[area.y];
  if (!row) return;
  for (let col = 0; col < area.width; col++) setCell(row, area.x + col, attr, ' ');
}
