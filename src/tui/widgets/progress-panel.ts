// Generation progress under the panes: one blessed-contrib gauge per stage and a line with the
// current item or the outcome. Rebuilt on resize (contrib canvases size themselves once).
import blessed from 'blessed';
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
  private labels: Widgets.BoxElement[] = [];
  state: ProgressState | null = null;

  constructor(parent: Widgets.Node) {
    this.pane = new PaneBox(parent, { top: 0, left: 0, width: 10, height: PROGRESS_HEIGHT, hidden: true }, (interior) => {
      // The bottom row of the interior is ours; the gauges fill the rows above.
      const y = interior.y + interior.height - 1;
      paintLine({ lines: interior.lines, x: interior.x, y, width: interior.width }, this.state?.line() ?? [], toneAttr, toneAttr('normal'));
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
    for (const widget of [...this.gauges, ...this.labels]) widget.destroy();
    const inner = Math.max(3, width - 2);
    const each = Math.floor(inner / STAGES.length);
    this.labels = STAGES.map((_, i) => blessed.box({ parent: box, top: 0, left: i * each, width: each, height: 1, tags: false }));
    this.gauges = STAGES.map((_, i) =>
      createGauge({ parent: box, top: 1, left: i * each, width: each, height: 4, stroke: 'green', fill: 'white', showLabel: true }),
    );
    this.update();
  }

  /** Pushes the current counts into the gauges. */
  update(): void {
    const state = this.state;
    if (!state) return;
    STAGES.forEach((stage, i) => {
      const gauge = this.gauges[i];
      const label = this.labels[i];
      if (label) label.setContent(state.stageLabel(stage));
      // contrib reads values up to 1 as fractions (so 1 % would show as 100 %): pass the fraction.
      if (gauge && (gauge as unknown as { ctx?: unknown }).ctx) gauge.setPercent(state.fraction(stage));
    });
  }
}
