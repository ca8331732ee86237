// Selections and the student probe in the review screen, in a real terminal: the filter menu
// offers each stored selection and each band of the student's pass rate; the tree counts the
// filter's matches per tag; the detail pane says why a candidate is in a selection (or out) and
// how the student did on its question.
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyOfDemoProject } from '../support/demo-project.js';
import { runMain } from '../support/run-main.js';
import { PtySession } from './harness.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'distill.js');
let session: PtySession | null = null;
let dir: string;

afterEach(() => {
  session?.kill();
  session = null;
});

async function ok(args: string[]): Promise<void> {
  const result = await runMain([...args, '--project', dir]);
  expect(result.code, result.stderr).toBe(0);
}

beforeAll(async () => {
  dir = await copyOfDemoProject('distill-tui-selection-');
  await ok(['select', '--budget', '20', '--seed', '1', '--name', 'twenty']);
  await ok(['teacher', 'add', 'student', '--base-url', 'offline', '--model', 'offline-student', '--roles', 'probe']);
  await ok(['probe', '--samples', '4', '--json']);
}, 300_000);

describe('selections in the review screen', () => {
  it('filters by a selection and by a student band, counts matches per tag, and says why an item is in', async () => {
    const tui = (session = PtySession.spawn(process.execPath, [CLI, 'review', '--project', dir], { cols: 140, rows: 40 }));
    await tui.waitForText('Energy Systems', 60_000);
    tui.press('f');
    await tui.waitForText('Filter (the whole tree');
    await tui.waitForText('selection: twenty (20 selected)');
    // The selection is the menu's last entry.
    tui.press('G', '\r');
    await tui.waitForText('filter: selection: twenty');
    // Every tag is read in the background; then the tree's count is the selection's size.
    await tui.waitForText('Tags ≡20 ', 60_000);
    tui.press(']');
    await tui.waitForText('selection twenty: in (drawn ', 20_000);
    await tui.waitForText('student student: ');

    // The student bands come just before the selection: G, then up twice, is "always".
    tui.press('f');
    await tui.waitForText('student: always');
    tui.press('G', 'k', 'k', '\r');
    await tui.waitForText('filter: student: always');
    tui.press(']');
    await tui.waitForText(/student student: (\d) of \1 graded right/, 20_000);
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  }, 180_000);
});
