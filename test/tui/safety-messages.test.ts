// Messages and marks a reviewer can read: a message too long for the bar points to the log,
// the log (L) has it whole with its time, and the help (?) explains every mark the rows draw.
import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SYMBOL_HELP } from '../../src/tui/help-symbols.js';
import { STATUS_GLYPH } from '../../src/tui/view-model/row-format.js';
import { seedProject } from '../../src/tui/testing/seed-project.js';
import type { PtySession } from './harness.js';
import { KEYS } from './harness.js';
import { openReview } from './safety-fixtures.js';

let tui: PtySession | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

describe('messages and the help', () => {
  it('cuts a long message with "more in the log" and shows it whole, with its time, in the log', async () => {
    const project = await seedProject('Sports science', [
      { name: 'Marathon', questions: [{ text: 'Why taper?', candidates: [{ answer: 'To arrive rested.' }] }] },
      { name: 'Cycling', questions: [{ text: 'What is FTP?', candidates: [{ answer: 'Functional threshold power.' }] }] },
    ]);
    await project.store.close();
    const shard = join(project.dir, 'data', 'candidates', `${project.tags.get('Cycling')}.jsonl`);
    await writeFile(shard, ['{"id": broken', ...(await readFile(shard, 'utf8')).split('\n')].join('\n'));

    tui = openReview(project.dir, { cols: 80, rows: 24 });
    await tui.waitForText('Why taper?');
    tui.press('j');
    await tui.waitForText('(L: more in the log)');
    const bar = tui.screenLines()[23]!;
    expect(bar.trimEnd().endsWith('… (L: more in the log)')).toBe(true);

    tui.press('L');
    await tui.waitForText(/Messages \(\d+;/);
    // The whole message, wrapped, behind its time: the file's name and the line it names.
    await tui.waitForText(/\d\d:\d\d:\d\d {2}\S/);
    const logText = tui
      .screenLines()
      .map((line) => line.replace(/^[^│]*│/, '').replace(/│[^│]*$/, ''))
      .join('')
      .replace(/\s+/g, '');
    expect(logText).toContain(`${project.tags.get('Cycling')}.jsonl`);
    expect(logText).toContain('corrupt');
    tui.press(KEYS.escape);
    await tui.waitForNoText(/Messages \(\d+;/);
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });

  it('explains every mark the rows can draw, and the keys S and L, in the help', async () => {
    // Every glyph a row can show has a line in the legend (a new glyph without one fails here).
    const legend = SYMBOL_HELP.map((symbol) => symbol.symbol).join(' ');
    for (const glyph of Object.values(STATUS_GLYPH)) expect(legend).toContain(glyph.text);
    for (const mark of ['◆', '▸', '▾', '✗', '⚑', '★', '●', '∅', '◌', '!', '⏎', '≡']) expect(legend).toContain(mark);

    const project = await seedProject('Sports science', [
      { name: 'Marathon', questions: [{ text: 'Why taper?', candidates: [{ answer: 'To arrive rested.' }] }] },
    ]);
    await project.store.close();
    tui = openReview(project.dir, { cols: 120, rows: 100 });
    await tui.waitForText('Why taper?');
    tui.press('?');
    await tui.waitForText('Keys (esc closes)');
    // Page through the help, collecting what it shows.
    const seen = new Set<string>();
    // Each page is read once the screen has moved on (a fixed pause raced the repaint under load);
    // a page that does not change within the wait is the last one.
    for (let page = 0; page < 10; page++) {
      const before = tui.screenLines().join('\n');
      for (const line of tui.screenLines()) seen.add(line);
      tui.press(KEYS.pageDown);
      const moved = await tui
        .waitFor((screen) => screen !== before, 'the next page of the help', 3_000)
        .then(
          () => true,
          () => false,
        );
      if (!moved) break;
      await tui.waitForText('Keys (esc closes)');
    }
    for (const line of tui.screenLines()) seen.add(line);
    const help = [...seen].join('\n');
    for (const symbol of SYMBOL_HELP) expect(help, symbol.symbol).toContain(symbol.meaning.slice(0, 30));
    expect(help).toContain('stop the running generation');
    expect(help).toContain('message log: every message in full');
    tui.press(KEYS.escape);
    await tui.waitForNoText('Keys (esc closes)');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});
