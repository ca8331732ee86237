// A bordered pane whose title and interior are painted by us (see cell-painter.ts); blessed
// only lays it out and draws the border. Nothing inside ever goes through blessed's content
// or tag parsing.
import blessed from 'blessed';
import type { Widgets } from 'blessed';
import type { StyledLine, Tone } from '../view-model/styled-text.js';
import { type CellLine, type PaintArea, paintLine } from './cell-painter.js';
import { toneAttr } from './tone-attr.js';

export interface Interior {
  lines: CellLine[];
  x: number;
  y: number;
  width: number;
  height: number;
}

interface RenderCoords {
  xi: number;
  xl: number;
  yi: number;
  yl: number;
}

export type PaneOptions = Pick<Widgets.BoxOptions, 'top' | 'left' | 'width' | 'height' | 'hidden'>;

export class PaneBox {
  readonly box: Widgets.BoxElement;
  title: StyledLine = [];
  private focusedState = false;

  constructor(
    parent: Widgets.Node,
    options: PaneOptions,
    private readonly paintInterior: (interior: Interior) => void,
  ) {
    this.box = blessed.box({
      ...options,
      parent,
      tags: false,
      border: { type: 'line' },
      style: { border: { fg: 'gray' } },
    });
    this.box.on('render', (coords: RenderCoords) => this.paint(coords));
  }

  get focused(): boolean {
    return this.focusedState;
  }

  set focused(value: boolean) {
    this.focusedState = value;
    // blessed types `style` as any; this box was made with a border style, so it has one.
    (this.box.style as { border: { fg: string } }).border.fg = value ? 'cyan' : 'gray';
  }

  /** Rows available for content (the last known layout). */
  get innerHeight(): number {
    return Math.max(0, (this.box.height as number) - 2);
  }

  get innerWidth(): number {
    return Math.max(0, (this.box.width as number) - 2);
  }

  private paint(coords: RenderCoords): void {
    const screen = this.box.screen as unknown as { lines: CellLine[] };
    const interior: Interior = {
      lines: screen.lines,
      x: coords.xi + 1,
      y: coords.yi + 1,
      width: Math.max(0, coords.xl - coords.xi - 2),
      height: Math.max(0, coords.yl - coords.yi - 2),
    };
    this.paintTitle(screen.lines, coords);
    this.paintInterior(interior);
  }

  private paintTitle(lines: CellLine[], coords: RenderCoords): void {
    const width = coords.xl - coords.xi - 4;
    if (width <= 0 || this.title.length === 0) return;
    const titleTone: Tone = this.focusedState ? 'heading' : 'dim';
    const area: PaintArea = { lines, x: coords.xi + 2, y: coords.yi, width };
    const text: StyledLine = this.title.map((segment) => ({ text: segment.text, tone: segment.tone ?? titleTone }));
    paintLine(area, text, toneAttr, null);
  }
}
