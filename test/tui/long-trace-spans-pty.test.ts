// A flag's span in a long trace (20,000 to 32,768 characters: longer ones are wrapped lazily and
// keep their highlights in the excerpts) is found off the screen's thread (the
// checks' worker) after the detail is drawn, and then highlighted in the reasoning itself: the
// repeated run is drawn on yellow on every row it fills, not only in the flag's one-line excerpt.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedProject } from '../../src/tui/testing/seed-project.js';
import { KEYS, PtySession } from './harness.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'distill.js');
const YELLOW = 3;
let session: PtySession | null = null;

afterEach(() => {
  session?.kill();
  session = null;
});

const WORDS = (
  'pace stride lactate glycogen taper interval tempo recovery cadence altitude hydration sodium ' +
  'protein sleep fatigue threshold oxygen heart rate zone split negative hill track road trail ' +
  'marathon sprint relay hurdle vault javelin discus rowing cycling swim stroke kick turn start'
).split(' ');

/** Words drawn at random (seeded), so the only repeated run is the looping one. */
function variedText(chars: number): string {
  let seed = 2463534242;
  const words: string[] = [];
  let length = 0;
  while (length < chars) {
    // xorshift32
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    const word = WORDS[seed % WORDS.length]!;
    words.push(seed % 11 === 0 ? `${word}.` : word);
    length += word.length + 1;
  }
  return words.join(' ');
}

describe('flag spans of a long trace', () => {
  it('highlights the repeated run in the reasoning once the worker has found it', { timeout: 120_000 }, async () => {
    const loop = 'Wait, let me check the split again. '.repeat(500);
    const reasoning = `First I list the laps. ${loop}${variedText(8_000)}`;
    const { dir, store } = await seedProject('Running', [
      {
        name: 'Pacing',
        questions: [{ text: 'What is the average lap time?', candidates: [{ reasoning, answer: 'The answer is \\boxed{72}.' }] }],
      },
    ]);
    await store.close();
    session = PtySession.spawn(process.execPath, [CLI, 'review', '--project', dir], { cols: 140, rows: 40 });
    const tui = session;
    await tui.waitForText('What is the average lap time?', 60_000);
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText('⚑ repetition', 60_000);
    const highlightedRows = () =>
      tui.textOnBackground(YELLOW).filter((text) => text.includes('Wait, let me check the split again.')).length;
    // The loop fills several rows of the reasoning; the flag's excerpt is one.
    await tui.waitFor(() => highlightedRows() >= 4, 'the repeated run highlighted in the reasoning', 60_000);
    expect(tui.screenText()).toContain('First I list the laps.');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});
