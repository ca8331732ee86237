// The stats view at 80×24, the smallest terminal the screen supports: every chart with its
// title, every label whole, nothing drawn over another widget.
import { afterEach, describe, expect, it } from 'vitest';
import type { PtySession } from './harness.js';
import { demoProject, openReview } from './safety-fixtures.js';

let tui: PtySession | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

describe('the stats view at 80×24', () => {
  it('shows the four charts with whole titles, labels and legends, none over another', async () => {
    const dir = await demoProject();
    tui = openReview(dir, { cols: 80, rows: 24 });
    await tui.waitForText('Sports science');
    tui.press('s');
    await tui.waitForText('108 candidates');
    await tui.waitForText('<500');
    await tui.waitForText('■ accepted');
    const lines = tui.screenLines();
    const screen = lines.join('\n');
    for (const title of ['Decisions per tag', 'Flags', 'Reasoning length (chars)', 'Languages']) expect(screen).toContain(`─ ${title} ─`);
    // The histogram's seven buckets on one row, in order, none cut or wrapped onto another row.
    const buckets = ['none', '<500', '<1k', '<2k', '<4k', '<8k', '8k+'];
    const labelRow = lines.find((line) => line.includes('<500'))!;
    const left = labelRow.slice(0, 40);
    expect(left.trim().startsWith('│')).toBe(true);
    expect(left.replace(/[│ ]+/g, ' ').trim().split(' ')).toEqual(buckets);
    // Which colour is which, and the top-level tags' names, beside the decisions chart.
    expect(screen).toContain('■ accepted ■ rejected ■ pending');
    for (const name of ['Exercise Physiology', 'Training Methodology', 'Sports Nutrition']) expect(screen).toContain(name);
    // Boxes are closed: each chart's border corners pair up on its rows, two boxes side by side.
    const tops = lines.filter((line) => line.startsWith('┌') && line.includes('┐┌') && line.endsWith('┐'));
    const bottoms = lines.filter((line) => line.includes('┘') && line.trimEnd().endsWith('┘'));
    expect(tops.length).toBe(2);
    expect(bottoms.length).toBeGreaterThanOrEqual(2);
    // Every row between a top and a bottom border is a bordered row at both edges of the screen.
    const top = lines.findIndex((line) => line.startsWith('┌'));
    for (let row = top + 1; row < 22; row++) {
      const line = lines[row]!;
      if (line.startsWith('┌') || line.startsWith('└') || line.startsWith(' ')) continue;
      expect(line.startsWith('│'), `row ${row}: ${line}`).toBe(true);
      expect(line.endsWith('│') || line.endsWith('┘'), `row ${row}: ${line}`).toBe(true);
    }
    tui.press('s');
    await tui.waitForNoText('Reasoning length');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});
