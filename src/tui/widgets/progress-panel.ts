// Generation progress under the panes: one blessed-contrib gauge per stage and a line with the
// current item or the outcome. Rebuilt on resize (contrib canvases size themselves once).
import type { Widgets } from 'blessed';
import { type ProgressState, STAGES } from '../view-model/progress-state.js';
import { plain } from '../view-model/styled-text.js';
import { paintLine } from './cell-painter.js';
import { type GaugeWidget, createGauge } from './contrib-widgets.js';
import { PaneBox } from './pane-box.js';
import { toneAttr } from './tone-attr.js';

export const PROGRESS_HEIGHT = 7;

export class ProgressPanel {
  private readonly pane: PaneBox;
  private gauges: GaugeWidget[] = [];
  state: ProgressState | null = null;

  constructor(parent: Widgets.Node) {
    this.pane = new PaneBox(parent, { top: 0, left: 0, width: 10, height: PROGRESS_HEIGHT, hidden: true }, (interior) => {
      // Painted after the gauges: the stage names go over the gauges' empty top row, the
      // current item or outcome on the bottom row.
      const state = this.state;
      const each = Math.floor(interior.width / STAGES.length);
      STAGES.forEach((stage, i) => {
        const area = { lines: interior.lines, x: interior.x + i * each, y: interior.y, width: each - 1 };
        paintLine(area, state ? [{ text: ` ${state.stageLabel(stage)}`, tone: 'heading' }] : [], toneAttr, null);
      });
      const y = interior.y + interior.height - 1;
      paintLine({ lines: interior.lines, x: interior.x, y, width: interior.width }, state?.line() ?? [], toneAttr, toneAttr('normal'));
    });
  }

  get visible(): boolean {
    return this.pane.box.visible;
  }

  show(state: ProgressState): void {
    this.state = state;
    this.pane.title = plain(` ${state.title} `, 'heading');
    this.pane.box.show();
  }

  hide(): void {
    this.pane.box.hide();
  }

  /** Places the panel and rebuilds the gauges for its width. */
  place(top: number, left: number, width: number): void {
    const box = this.pane.box;
    box.top = top;
    box.left = left;
    box.width = width;
    box.height = PROGRESS_HEIGHT;
    for (const widget of this.gauges) widget.destroy();
    const inner = Math.max(3, width - 2);
    const each = Math.floor(inner / STAGES.length);
    // A contrib gauge draws its bar on its 3rd and 4th rows; the first is blank (our labels go there).
    this.gauges = STAGES.map((_, i) =>
      createGauge({ parent: box, top: 0, left: i * each, width: each - 1, height: 4, stroke: 'green', fill: 'white', showLabel: true }),
    );
    this.update();
  }

  /** Pushes the current counts into the gauges. */
  update(): void {
    const state = this.state;
    if (!state) return;
    STAGES.forEach((stage, i) => {
      const gauge = this.gauges[i];
      // contrib reads values up to 1 as fractions (so 1 % would show as 100 %): pass the fraction.
      if (gauge && (gauge as unknown as { ctx?: unknown }).ctx) gauge.setPercent(state.fraction(stage));
    });
  }
}
