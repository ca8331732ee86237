// A pick-one menu (filter, generation kind, confirmations) as pure state. A menu taller than
// the screen (the filter menu lists every rule, teacher, reviewer, band and selection) is laid
// out in columns so that every entry is in view at 24 rows; j/k still walk it in order, h/l
// step across columns.
import { fitToWidth, stringWidth } from '../text-width.js';
import type { StyledLine } from './styled-text.js';
import { lineText } from './styled-text.js';

export interface MenuItem<T> {
  label: string;
  value: T;
  /** A key that picks the item directly. */
  hotkey?: string;
  /** Shown dimmed and not pickable, with the reason as its note. */
  disabledReason?: string;
}

export type MenuOutcome<T> = { done: true; value: T | null } | { done: false };

/** Columns are at least this wide (narrower ones cut every label to nothing useful). */
const MIN_COLUMN_WIDTH = 24;
const COLUMN_GAP = 2;
/** The blank line and the key hint under the entries. */
const FOOTER_ROWS = 2;

export class MenuState<T> {
  index: number;
  /** Entries per column in the last layout (all of them when one column). */
  private rowsPerColumn: number;

  constructor(
    readonly title: string,
    readonly items: MenuItem<T>[],
    initial = 0,
  ) {
    this.index = Math.max(0, Math.min(initial, items.length - 1));
    this.rowsPerColumn = Math.max(1, items.length);
  }

  /** How many columns the entries need to fit in `rows` rows (the footer included). */
  columnsFor(rows: number): number {
    const perColumn = Math.max(1, rows - FOOTER_ROWS);
    return Math.max(1, Math.ceil(this.items.length / perColumn));
  }

  /** The line the cursor is on in the last layout (so that a box can keep it in view). */
  cursorLine(): number {
    return this.index % this.rowsPerColumn;
  }

  /** The width one column of entries would like (its longest entry). */
  entryWidth(): number {
    return Math.max(0, ...this.entryLines().map((line) => stringWidth(lineText(line))));
  }

  handleKey(key: string | null): MenuOutcome<T> {
    const byHotkey = this.items.findIndex((item) => item.hotkey !== undefined && item.hotkey === key);
    if (byHotkey >= 0) return this.pick(byHotkey);
    if (key === 'escape' || key === 'q') return { done: true, value: null };
    if (key === 'j' || key === 'down' || key === 'tab') this.index = (this.index + 1) % this.items.length;
    else if (key === 'k' || key === 'up' || key === 'S-tab') this.index = (this.index - 1 + this.items.length) % this.items.length;
    else if (key === 'g' || key === 'home') this.index = 0;
    else if (key === 'G' || key === 'end') this.index = this.items.length - 1;
    else if (key === 'l' || key === 'right') this.index = Math.min(this.items.length - 1, this.index + this.rowsPerColumn);
    else if (key === 'h' || key === 'left') this.index = Math.max(0, this.index - this.rowsPerColumn);
    else if (key === 'enter') return this.pick(this.index);
    return { done: false };
  }

  private pick(index: number): MenuOutcome<T> {
    const item = this.items[index];
    if (!item || item.disabledReason) {
      this.index = index;
      return { done: false };
    }
    return { done: true, value: item.value };
  }

  /**
   * The menu's lines in `width` columns of text and at most `rows` rows (unbounded when not
   * given): one column when it fits, else as many columns as needed, filled top to bottom.
   */
  render(width?: number, rows?: number): StyledLine[] {
    const entries = this.entryLines();
    // As many columns as the rows need and the width holds; what still does not fit scrolls.
    const fitting = width === undefined ? 1 : Math.max(1, Math.floor((width + COLUMN_GAP) / (MIN_COLUMN_WIDTH + COLUMN_GAP)));
    const columns = rows === undefined ? 1 : Math.min(this.columnsFor(rows), fitting);
    const footer: StyledLine[] = [
      [],
      [{ text: columns > 1 ? 'enter pick · j/k up and down · h/l across · esc cancel' : 'enter pick · esc cancel', tone: 'dim' }],
    ];
    if (columns === 1 || width === undefined) {
      this.rowsPerColumn = Math.max(1, entries.length);
      return [...entries, ...footer];
    }
    const perColumn = Math.ceil(entries.length / columns);
    this.rowsPerColumn = perColumn;
    const columnWidth = Math.max(MIN_COLUMN_WIDTH, Math.floor((width - COLUMN_GAP * (columns - 1)) / columns));
    const lines: StyledLine[] = [];
    for (let row = 0; row < perColumn; row++) {
      const line: StyledLine = [];
      for (let column = 0; column < columns; column++) {
        const entry = entries[column * perColumn + row];
        if (!entry) break;
        if (column > 0) line.push({ text: ' '.repeat(COLUMN_GAP) });
        line.push(...fitLine(entry, columnWidth));
      }
      lines.push(line);
    }
    return [...lines, ...footer];
  }

  private entryLines(): StyledLine[] {
    return this.items.map((item, index) => [
      { text: index === this.index ? '▶ ' : '  ', tone: 'heading' },
      { text: item.hotkey ? `${item.hotkey}  ` : '   ', tone: 'preferred' },
      { text: item.label, tone: item.disabledReason ? 'dim' : index === this.index ? 'match' : 'normal' },
      ...(item.disabledReason ? [{ text: `  (${item.disabledReason})`, tone: 'dim' as const }] : []),
    ]);
  }
}

/** Pads or cuts (with …) a line to exactly `width` columns, keeping each segment's tone. */
function fitLine(line: StyledLine, width: number): StyledLine {
  const out: StyledLine = [];
  let left = width;
  for (const segment of line) {
    if (left <= 0) break;
    const segmentWidth = stringWidth(segment.text);
    if (segmentWidth <= left) {
      out.push(segment);
      left -= segmentWidth;
    } else {
      out.push({ ...segment, text: fitToWidth(segment.text, left) });
      left = 0;
    }
  }
  if (left > 0) out.push({ text: ' '.repeat(left) });
  return out;
}
