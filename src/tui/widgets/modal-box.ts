// A centred box over the panes for menus, forms, the help and confirmations. Its lines come
// from a pure state object (form-state.ts, menu-state.ts); long content scrolls.
import type { Widgets } from 'blessed';
import { stringWidth } from '../text-width.js';
import type { StyledLine } from '../view-model/styled-text.js';
import { plain } from '../view-model/styled-text.js';
import { paintLine } from './cell-painter.js';
import { PaneBox } from './pane-box.js';
import { toneAttr } from './tone-attr.js';

export class ModalBox {
  readonly pane: PaneBox;
  /** The content at a width and a number of rows it may use (a long menu turns into columns). */
  private linesFor: (width: number, rows: number) => StyledLine[] = () => [];
  /** A line that must stay in view (a form's focused field), if any. */
  private focusLine: (() => number) | null = null;
  scrollTop = 0;
  private lastCount = 0;
  private preferredWidth: number | ((rows: number) => number) = 64;
  /** The interior rows the box may grow to on this screen (from the last layout). */
  private maxRows = 3;

  constructor(private readonly screen: Widgets.Screen) {
    this.pane = new PaneBox(screen, { top: 0, left: 0, width: 10, height: 5, hidden: true }, (interior) => {
      const content = this.linesFor(interior.width, this.maxRows);
      this.lastCount = content.length;
      const focus = this.focusLine?.();
      if (focus !== undefined) {
        if (focus < this.scrollTop) this.scrollTop = focus;
        if (focus >= this.scrollTop + interior.height) this.scrollTop = focus - interior.height + 1;
      }
      this.scrollTop = Math.max(0, Math.min(this.scrollTop, content.length - interior.height));
      for (let row = 0; row < interior.height; row++) {
        paintLine(
          { lines: interior.lines, x: interior.x, y: interior.y + row, width: interior.width },
          content[this.scrollTop + row] ?? [],
          toneAttr,
          toneAttr('normal'),
        );
      }
    });
    this.pane.focused = true;
  }

  /** Shows the box sized to its content (within the screen) with `title`. */
  open(
    title: string,
    linesFor: (width: number, rows: number) => StyledLine[],
    preferredWidth: number | ((rows: number) => number) = 64,
    focusLine?: () => number,
  ): void {
    this.linesFor = linesFor;
    this.focusLine = focusLine ?? null;
    this.pane.title = plain(` ${title} `, 'heading');
    this.scrollTop = 0;
    this.preferredWidth = preferredWidth;
    this.layout();
    this.pane.box.show();
    this.pane.box.setFront();
  }

  /** Re-sizes after a terminal resize or a content change. */
  layout(): void {
    const screenWidth = this.screen.width as number;
    const screenHeight = this.screen.height as number;
    this.maxRows = Math.max(3, screenHeight - 4);
    const preferredWidth = typeof this.preferredWidth === 'function' ? this.preferredWidth(this.maxRows) : this.preferredWidth;
    const width = Math.max(20, Math.min(preferredWidth, screenWidth - 4));
    const probe = this.linesFor(width - 2, this.maxRows);
    const titleWidth = stringWidth(this.pane.title.map((s) => s.text).join('')) + 4;
    const contentWidth = Math.max(...probe.map((line) => stringWidth(line.map((s) => s.text).join(''))), titleWidth, 10);
    const finalWidth = Math.max(24, Math.min(width, contentWidth + 4));
    const height = Math.max(5, Math.min(this.linesFor(finalWidth - 2, this.maxRows).length + 2, screenHeight - 2));
    this.pane.box.width = finalWidth;
    this.pane.box.height = height;
    this.pane.box.left = Math.max(0, Math.floor((screenWidth - finalWidth) / 2));
    this.pane.box.top = Math.max(0, Math.floor((screenHeight - height) / 2));
  }

  scrollBy(delta: number): void {
    const maxTop = Math.max(0, this.lastCount - this.pane.innerHeight);
    this.scrollTop = Math.max(0, Math.min(maxTop, this.scrollTop + delta));
  }

  close(): void {
    this.pane.box.hide();
  }

  get visible(): boolean {
    return this.pane.box.visible;
  }
}
