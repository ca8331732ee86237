// The stats view: blessed-contrib charts over the whole project, over the panes until closed.
// Chart labels are ASCII (numbers, short rule names) because contrib's canvas counts every
// character as one column; tag names go in a legend painted by us.
import blessed from 'blessed';
import type { Widgets } from 'blessed';
import type { ReviewScreen } from './review-screen.js';
import type { ScreenTasks } from './screen-tasks.js';
import type { ReviewData } from './view-model/review-data.js';
import { sanitizeLine } from '../core/sanitize-text.js';
import { RULE_TABLE } from '../checks/rules/rule-table.js';
import { judgeStatsLines } from './view-model/judge-stats-lines.js';
import { selectionStatsLines } from './view-model/selection-stats-lines.js';
import { type StatsData, collectStats } from './view-model/stats-data.js';
import type { StyledLine } from './view-model/styled-text.js';
import { paintLine } from './widgets/cell-painter.js';
import type { CellLine } from './widgets/cell-painter.js';
import { createBar, createDonut, createStackedBar } from './widgets/contrib-widgets.js';
import { toneAttr } from './widgets/tone-attr.js';

// Each rule's short label comes from the checks' rule table.
const RULE_LABELS: ReadonlyMap<string, string> = new Map(RULE_TABLE.map((rule) => [rule.id, rule.label]));

const LANGUAGE_COLORS = ['green', 'cyan', 'yellow', 'magenta', 'red'];

export class StatsScreen {
  private data: StatsData | null = null;
  private widgets: Widgets.BoxElement[] = [];
  private loading = false;
  private progressText = 'reading the project…';

  constructor(
    private readonly tasks: ScreenTasks,
    private readonly ui: Pick<ReviewScreen, 'overlayHost' | 'screen' | 'width' | 'height'>,
    private readonly projectData: ReviewData,
  ) {}

  get visible(): boolean {
    return this.ui.overlayHost.visible;
  }

  open(): void {
    const host = this.ui.overlayHost;
    host.show();
    host.setFront();
    this.data = null;
    this.build();
    if (this.loading) return;
    this.loading = true;
    this.tasks.runTask(async () => {
      try {
        this.data = await collectStats(this.projectData, (done, total) => {
          this.progressText = `reading ${done}/${total} tags…`;
          this.tasks.schedulePaint();
        });
        if (this.visible) this.build();
      } finally {
        this.loading = false;
      }
    });
  }

  close(): void {
    this.destroyWidgets();
    this.ui.overlayHost.hide();
  }

  handleKey(key: string | null): void {
    if (key === 's' || key === 'q' || key === 'escape' || key === 'enter') this.close();
  }

  relayout(): void {
    if (this.visible) this.build();
  }

  private destroyWidgets(): void {
    for (const widget of this.widgets) widget.destroy();
    this.widgets = [];
  }

  /** (Re)creates the charts for the current size; contrib canvases size themselves once. */
  private build(): void {
    this.destroyWidgets();
    const host = this.ui.overlayHost;
    const width = this.ui.width;
    const height = Math.max(10, this.ui.height - 2);
    const header = blessed.box({ parent: host, top: 0, left: 0, width: '100%', height: 1, tags: false });
    header.on('render', (coords: { xi: number; xl: number; yi: number }) => this.paintHeader(coords));
    this.widgets.push(header);
    const data = this.data;
    if (!data) return;
    const half = Math.floor(width / 2);
    // The judge's two rows and the newest selection's three sit under the header, above the charts, when there are any.
    const judgeLines = [...(data.judge ? judgeStatsLines(data.judge) : []), ...(data.selection ? selectionStatsLines(data.selection) : [])];
    if (judgeLines.length > 0) {
      const judgeBox = blessed.box({ parent: host, top: 1, left: 0, width: '100%', height: judgeLines.length, tags: false });
      judgeBox.on('render', (coords: { xi: number; xl: number; yi: number }) => this.paintLines(coords, judgeLines));
      this.widgets.push(judgeBox);
    }
    const top = 1 + judgeLines.length;
    const chartHeight = Math.floor((height - top) / 2);
    // Tag names, and one row saying which colour is which (contrib's own legend box covers the bars on a small screen).
    const legendRows = Math.min(data.perTag.length, chartHeight >= 10 ? 4 : 2) + 1;
    const tagChart = createStackedBar({
      parent: host,
      top,
      left: 0,
      width: half,
      height: chartHeight - legendRows,
      label: ' Decisions per tag ',
      border: { type: 'line' },
      ...barGeometry(data.perTag.length, half, 2),
      xOffset: 2,
      barBgColor: ['green', 'red', 'cyan'],
      showLegend: false,
    });
    this.widgets.push(tagChart);
    tagChart.setData({
      barCategory: data.perTag.map((_, i) => String(i + 1)),
      stackedCategory: ['accepted', 'rejected', 'pending'],
      data: data.perTag.map((bar) => [bar.accepted, bar.rejected, bar.pending]),
    });
    const legend = blessed.box({
      parent: host,
      top: top + chartHeight - legendRows,
      left: 0,
      width: half,
      height: legendRows,
      tags: false,
    });
    legend.on('render', (coords: { xi: number; xl: number; yi: number }) => this.paintLegend(coords, legendRows));
    this.widgets.push(legend);

    const flags = data.flags.slice(0, Math.max(1, Math.floor((width - half - 4) / 8)));
    const flagChart = createBar({
      parent: host,
      top,
      left: half,
      width: width - half,
      height: chartHeight,
      label: data.checked ? ' Flags ' : ' Flags (not checked) ',
      border: { type: 'line' },
      barWidth: 6,
      barSpacing: 8,
      xOffset: 1,
      maxHeight: 1,
    });
    this.widgets.push(flagChart);
    flagChart.setData({ titles: flags.map((f) => RULE_LABELS.get(f.rule) ?? f.rule.slice(0, 6)), data: flags.map((f) => f.count) });

    const histogram = createBar({
      parent: host,
      top: top + chartHeight,
      left: 0,
      width: half,
      height: height - top - chartHeight,
      label: ' Reasoning length (chars) ',
      border: { type: 'line' },
      ...barGeometry(data.reasoningHistogram.length, half, 1),
      xOffset: 1,
      maxHeight: 1,
    });
    this.widgets.push(histogram);
    histogram.setData({ titles: data.reasoningHistogram.map((b) => b.bucket), data: data.reasoningHistogram.map((b) => b.count) });

    const donut = createDonut({
      parent: host,
      top: top + chartHeight,
      left: half,
      width: width - half,
      height: height - top - chartHeight,
      label: ' Languages ',
      border: { type: 'line' },
      radius: Math.max(4, Math.min(12, Math.floor(chartHeight / 1.5))),
      arcWidth: 3,
      remainColor: 'black',
      yPadding: 2,
    });
    this.widgets.push(donut);
    const total = Math.max(1, data.candidates);
    // contrib reads values up to 1 as fractions (1 % would show as 100 %): pass fractions.
    donut.setData(
      data.languages.slice(0, 4).map((entry, i) => ({
        percent: Math.round((entry.count / total) * 1000) / 1000,
        label: entry.language,
        color: LANGUAGE_COLORS[i]!,
      })),
    );
  }

  private paintHeader(coords: { xi: number; xl: number; yi: number }): void {
    const data = this.data;
    const line: StyledLine = data
      ? [{ text: ' Statistics ', tone: 'heading' }, { text: `${data.candidates} candidates` }, { text: '   s / esc close', tone: 'dim' }]
      : [
          { text: ' Statistics ', tone: 'heading' },
          { text: this.progressText, tone: 'dim' },
        ];
    const lines = (this.ui.screen as unknown as { lines: CellLine[] }).lines;
    paintLine({ lines, x: coords.xi, y: coords.yi, width: coords.xl - coords.xi }, line, toneAttr, toneAttr('normal'));
  }

  private paintLines(coords: { xi: number; xl: number; yi: number }, styled: readonly StyledLine[]): void {
    const lines = (this.ui.screen as unknown as { lines: CellLine[] }).lines;
    styled.forEach((line, row) =>
      paintLine({ lines, x: coords.xi, y: coords.yi + row, width: coords.xl - coords.xi }, line, toneAttr, toneAttr('normal')),
    );
  }

  private paintLegend(coords: { xi: number; xl: number; yi: number }, rows: number): void {
    const bars = this.data?.perTag ?? [];
    const lines = (this.ui.screen as unknown as { lines: CellLine[] }).lines;
    const width = coords.xl - coords.xi;
    const key: StyledLine = [
      { text: ' ■ accepted', tone: 'accepted' },
      { text: ' ■ rejected', tone: 'rejected' },
      { text: ' ■ pending', tone: 'heading' },
    ];
    paintLine({ lines, x: coords.xi, y: coords.yi, width }, key, toneAttr, toneAttr('normal'));
    const nameRows = rows - 1;
    const perRow = Math.ceil(bars.length / Math.max(1, nameRows));
    for (let row = 0; row < nameRows; row++) {
      const line: StyledLine = [];
      for (let i = row * perRow; i < Math.min(bars.length, (row + 1) * perRow); i++) {
        line.push({ text: ` ${i + 1} `, tone: 'heading' }, { text: sanitizeLine(bars[i]!.name) + ' ' });
      }
      paintLine({ lines, x: coords.xi, y: coords.yi + 1 + row, width }, line, toneAttr, toneAttr('normal'));
    }
  }
}

/**
 * Bar width and spacing that fit `bars` labelled bars (labels up to 4 columns) in a chart
 * `width` columns wide: contrib steps one bar every barSpacing columns, and text past the edge wraps onto the next row.
 */
function barGeometry(bars: number, width: number, xOffset: number): { barWidth: number; barSpacing: number } {
  const room = Math.max(5, width - 3 - xOffset);
  const step = Math.max(5, Math.min(7, Math.floor(room / Math.max(1, bars))));
  // contrib widens the spacing to barWidth + 3 when it is less.
  return { barWidth: Math.min(4, step - 3), barSpacing: step };
}
