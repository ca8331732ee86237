// A list that paints only the rows in view: the cost of a keystroke is the window's height,
// not the number of items (blessed's List builds an element per item).
import type { Widgets } from 'blessed';
import type { StyledLine } from '../view-model/styled-text.js';
import { paintLine } from './cell-painter.js';
import { type Interior, PaneBox, type PaneOptions } from './pane-box.js';
import { selectedAttr, toneAttr } from './tone-attr.js';

export interface ListSource {
  count: number;
  /** Index of the selected row, or -1. */
  selected: number;
  rowAt(index: number, width: number): StyledLine;
  /** Shown when the list is empty ("no questions yet — press c to generate"). */
  emptyText?: string;
}

const EMPTY_SOURCE: ListSource = { count: 0, selected: -1, rowAt: () => [] };

export class VirtualList {
  readonly pane: PaneBox;
  private source: ListSource = EMPTY_SOURCE;
  private scrollTop = 0;

  constructor(parent: Widgets.Node, options: PaneOptions) {
    this.pane = new PaneBox(parent, options, (interior) => this.paint(interior));
  }

  setSource(source: ListSource): void {
    this.source = source;
  }

  /** Rows a page-up/down moves: what the pane shows. */
  get pageSize(): number {
    return Math.max(1, this.pane.innerHeight);
  }

  /** Keeps the selection in view, moving the window as little as possible. */
  private settleScroll(height: number): void {
    const { count, selected } = this.source;
    if (selected >= 0) {
      if (selected < this.scrollTop) this.scrollTop = selected;
      if (selected >= this.scrollTop + height) this.scrollTop = selected - height + 1;
    }
    this.scrollTop = Math.max(0, Math.min(this.scrollTop, count - height));
  }

  private paint(interior: Interior): void {
    const { lines, x, y, width, height } = interior;
    this.settleScroll(height);
    const { count, selected } = this.source;
    const focused = this.pane.focused;
    for (let row = 0; row < height; row++) {
      const index = this.scrollTop + row;
      const area = { lines, x, y: y + row, width };
      if (index >= count) {
        const text = count === 0 && row === 0 && this.source.emptyText ? this.source.emptyText : '';
        paintLine(area, [{ text, tone: 'dim' }], toneAttr, toneAttr('normal'));
        continue;
      }
      const line = this.source.rowAt(index, width);
      if (index === selected) {
        const bar = selectedAttr(focused);
        paintLine(area, line, () => bar, bar);
      } else {
        paintLine(area, line, toneAttr, toneAttr('normal'));
      }
    }
  }
}
