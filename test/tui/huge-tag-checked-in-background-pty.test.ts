// Issue 15: a tag of huge answers that nobody has checked is checked when the review screen opens
// it. Extracting its features takes seconds of CPU; they are taken off the screen's thread, so
// keys are answered meanwhile, the screen says "checking…", and the verdicts fill in when done.
// Quitting during the check exits at once. Timings are in `npm run bench -- huge`.
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeHugeProject } from '../../src/bench/huge-project.js';
import { tempDir } from '../support/run-cli.js';
import { KEYS, PtySession } from './harness.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'distill.js');
/** Four candidates of 10 MB each: their check is seconds of CPU, a key a few milliseconds. */
const SHAPE = { questions: 2, chars: 10_000_000 };
/** Generous for a loaded machine. */
const KEY_MS = 15_000;

let session: PtySession | null = null;

afterEach(() => {
  session?.kill();
  session = null;
});

const tagRead = (screen: string) => screen.includes('10000k') && screen.includes('Probability > Runaway answers');
const tagChecked = (screen: string) => /Runaway answers +\d+\/\d+ ⚑/.test(screen);

describe('a never-checked tag of huge answers in the review screen', () => {
  it('answers keys while the tag is checked, fills the verdicts in, and quits during a check', { timeout: 300_000 }, async () => {
    const dir = join(await tempDir(), 'p');
    await writeHugeProject(dir, SHAPE);

    // Quit while the check runs: the program exits without waiting for it.
    session = PtySession.spawn(process.execPath, [CLI, 'review', '--project', dir], { cols: 140, rows: 40 });
    await session.waitFor(tagRead, 'the tag read', 240_000);
    expect(session.screenText()).toContain('checking…');
    session.press('q');
    expect(await session.waitForExit(KEY_MS)).toBe(0);

    session = PtySession.spawn(process.execPath, [CLI, 'review', '--project', dir], { cols: 140, rows: 40 });
    const s = session;
    await s.waitFor(tagRead, 'the tag read', 240_000);
    const readAt = performance.now();
    expect(s.screenText()).toMatch(/flagged +checking…/);
    // Keys move through the tree and back for as long as the check goes on. Each is answered
    // within a small part of the check's time (on the screen's thread, one key waited for the
    // whole extraction). A ratio, not a bound in ms: load slows the key and the check alike.
    const waits: number[] = [];
    for (let i = 0; i < 2 || !tagChecked(s.screenText()); i++) {
      const sent = performance.now();
      s.press(i % 2 === 0 ? 'j' : 'k');
      const target = i % 2 === 0 ? 'Probability > Ordinary answers' : 'Probability > Runaway answers';
      await s.waitFor((screen) => screen.includes(target), target, 240_000);
      waits.push(performance.now() - sent);
      if (i === 1) expect(s.screenText()).toMatch(/flagged +checking…/);
    }
    const checkMs = performance.now() - readAt;
    expect(waits.length).toBeGreaterThan(4);
    expect(Math.max(...waits)).toBeLessThan(checkMs / 3);
    // Back on the huge tag, checked now.
    if (!s.screenText().includes('Probability > Runaway answers')) {
      s.press('k');
      await s.waitFor((screen) => screen.includes('Probability > Runaway answers'), 'the huge tag again', KEY_MS);
    }
    // Its candidates, with their verdicts.
    s.press(KEYS.tab);
    await s.waitFor(() => s.highlighted().join('\n').includes('Variant 1:'), 'the questions pane', KEY_MS);
    s.press(KEYS.tab);
    await s.waitFor(() => s.highlighted().join('\n').includes('#0 '), 'the first candidate', KEY_MS);
    // The verdicts are filled in: flag counts in the tree, a verdict in the detail.
    await s.waitFor((screen) => tagChecked(screen) && /verdict +(pass|fail)/.test(screen), 'the verdicts', KEY_MS);
    s.press('q');
    expect(await s.waitForExit(KEY_MS)).toBe(0);
  });
});
