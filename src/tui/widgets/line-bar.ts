// A one-row bar (status, key hints) painted from a styled line.
import blessed from 'blessed';
import type { Widgets } from 'blessed';
import type { StyledLine } from '../view-model/styled-text.js';
import { type CellLine, paintLine } from './cell-painter.js';
import { toneAttr } from './tone-attr.js';

interface RenderCoords {
  xi: number;
  xl: number;
  yi: number;
}

export class LineBar {
  readonly box: Widgets.BoxElement;
  line: StyledLine = [];

  constructor(parent: Widgets.Node, top: number) {
    this.box = blessed.box({ parent, top, left: 0, width: '100%', height: 1, tags: false });
    this.box.on('render', (coords: RenderCoords) => {
      const lines = (this.box.screen as unknown as { lines: CellLine[] }).lines;
      paintLine({ lines, x: coords.xi, y: coords.yi, width: coords.xl - coords.xi }, this.line, toneAttr, toneAttr('normal'));
    });
  }
}
