// A scrollable view of wrapped lines. The lines are produced for the pane's current width by
// the caller (who caches wrapping per width), and only the visible window is painted: a
// lazy source (a huge text) is read only there.
import type { Widgets } from 'blessed';
import type { LineSource } from '../view-model/line-source.js';
import { paintLine } from './cell-painter.js';
import { type Interior, PaneBox, type PaneOptions } from './pane-box.js';
import { toneAttr } from './tone-attr.js';

export type LinesForWidth = (width: number) => LineSource;

export class TextView {
  readonly pane: PaneBox;
  private linesFor: LinesForWidth = () => [];
  /** First line shown; clamped at paint time when the content or the size changes. */
  scrollTop = 0;
  /** Lines in the content at the last paint, for scrolling limits. */
  private lastLineCount = 0;

  constructor(parent: Widgets.Node, options: PaneOptions) {
    this.pane = new PaneBox(parent, options, (interior) => this.paint(interior));
  }

  setContent(linesFor: LinesForWidth, resetScroll: boolean): void {
    this.linesFor = linesFor;
    if (resetScroll) this.scrollTop = 0;
  }

  scrollBy(delta: number): void {
    const maxTop = Math.max(0, this.lastLineCount - this.pane.innerHeight);
    this.scrollTop = Math.max(0, Math.min(maxTop, this.scrollTop + delta));
  }

  scrollTo(position: 'top' | 'bottom'): void {
    this.scrollTop = position === 'top' ? 0 : Number.MAX_SAFE_INTEGER;
  }

  get pageSize(): number {
    return Math.max(1, this.pane.innerHeight - 1);
  }

  private paint(interior: Interior): void {
    const { lines, x, y, width, height } = interior;
    const content = this.linesFor(width);
    let count = content.length;
    // Near the end of a lazy source, its estimate will not do: read it to its end (once).
    if (this.scrollTop + height > count && content.exactLength) count = content.exactLength();
    this.lastLineCount = count;
    this.scrollTop = Math.max(0, Math.min(this.scrollTop, count - height));
    for (let row = 0; row < height; row++) {
      const line = content.at(this.scrollTop + row) ?? [];
      paintLine({ lines, x, y: y + row, width }, line, toneAttr, toneAttr('normal'));
    }
  }
}
