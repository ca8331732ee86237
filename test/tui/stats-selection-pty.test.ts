// The stats view's selection rows at 80×24, as a user sees them after `distill select`: the newest
// selection's size, its spread over the leaf tags against the uniform share, and its difficulty
// bands, above the four charts, which keep their whole titles.
import { afterEach, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import type { PtySession } from './harness.js';
import { demoProject, openReview } from './safety-fixtures.js';

let tui: PtySession | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

describe('the stats view shows the selection', () => {
  it('prints the newest selection and its spread over the tags, readable at 80×24', async () => {
    const dir = await demoProject();
    const selected = await runMain(['select', '--project', dir, '--budget', '20', '--seed', '1', '--name', 'twenty', '--json']);
    expect(selected.code, selected.stderr).toBe(0);
    const { items } = JSON.parse(selected.stdout) as { items: { group: string }[] };
    const perTag = new Map<string, number>();
    for (const item of items) perTag.set(item.group, (perTag.get(item.group) ?? 0) + 1);
    const fewest = Math.min(...perTag.values());
    const most = Math.max(...perTag.values());

    tui = openReview(dir, { cols: 80, rows: 24 });
    await tui.waitForText('Sports science');
    tui.press('s');
    await tui.waitForText(' Selection ', 30_000);
    const lines = tui.screenLines().map((line) => line.trimEnd());
    const head = lines.find((line) => line.startsWith(' Selection '))!;
    expect(head).toMatch(/^ Selection twenty: 20 of \d+ questions · budget 20, seed 1/);
    const share = lines.find((line) => line.startsWith('   per leaf tag '))!;
    expect(share).toContain(`${fewest}–${most} over ${perTag.size}, uniform ${(20 / perTag.size).toFixed(1)} (within one)`);
    expect(lines.find((line) => line.startsWith('   teacher pass rate '))).toBeDefined();
    for (const line of [head, share]) expect(line.length).toBeLessThanOrEqual(80);
    const screen = lines.join('\n');
    for (const title of ['Decisions per tag', 'Flags', 'Languages']) expect(screen).toContain(`─ ${title} ─`);
    tui.press('s');
    await tui.waitForNoText(' Selection ');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  }, 240_000);
});
