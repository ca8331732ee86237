// A running generation is never stopped by surprise: q asks (stop and quit, or keep it running),
// S stops it from the screen with nothing lost, and a later `distill auto` completes what was asked.
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../src/store/project-store.js';
import { seedProject } from '../../src/tui/testing/seed-project.js';
import { runMain } from '../support/run-main.js';
import type { PtySession } from './harness.js';
import { KEYS } from './harness.js';
import { openReview } from './safety-fixtures.js';

/** With the slow persona (2 s an answer) and 8 at a time, 40 answers take five rounds: time to press keys while it runs. */
const TARGET = 40;

let tui: PtySession | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

async function samplesOnDisk(dir: string, tagId: string): Promise<number[]> {
  const store = await ProjectStore.open(dir);
  try {
    return (await store.candidates(tagId)).map((candidate) => candidate.sample);
  } finally {
    await store.close();
  }
}

describe('a generation started from the review screen', () => {
  it('asks on q, stops on S with nothing lost, stops on "stop and quit", and distill auto completes it', async () => {
    const project = await seedProject('Sports science', [{ name: 'Marathon', questions: [{ text: 'Why taper?', candidates: [] }] }], 'en', {
      baseUrl: 'offline',
      model: 'offline-slow',
    });
    const tagId = project.tags.get('Marathon')!;
    await project.store.close();
    tui = openReview(project.dir);
    await tui.waitForText('Why taper?');
    tui.press(KEYS.tab);
    await tui.waitFor(() => tui!.highlighted().some((line) => line.includes('Why taper?')), 'the question selected');
    const startCandidates = async () => {
      tui!.press('c');
      await tui!.waitForText('candidates of the selected question');
      tui!.press('c');
      await tui!.waitForText('Candidates per question');
      tui!.press(KEYS.ctrlU);
      tui!.type(String(TARGET));
      tui!.press(KEYS.enter);
      await tui!.waitForText('Generating candidates');
    };

    await startCandidates();
    tui.press('q');
    await tui.waitForText('A generation is running. Quit?');
    tui.press('k');
    await tui.waitForNoText('A generation is running. Quit?');
    expect(tui.screenText()).toContain('S stop');

    tui.press('S');
    await tui.waitForText('generation stopped; nothing written is lost', 30_000);
    const afterStop = await samplesOnDisk(project.dir, tagId);
    expect(afterStop.length).toBeLessThan(TARGET);

    // Started again, then "stop it and quit": the program ends normally, the run incomplete.
    await startCandidates();
    tui.press('q');
    await tui.waitForText('A generation is running. Quit?');
    tui.press('s');
    expect(await tui.waitForExit(30_000)).toBe(0);
    tui = null;
    const afterQuit = await samplesOnDisk(project.dir, tagId);
    expect(afterQuit.length).toBeLessThan(TARGET);
    // Nothing written was lost: every candidate on disk after the stop is still there.
    expect(afterQuit).toEqual(expect.arrayContaining(afterStop));

    // A later distill auto completes the question: every sample once, the ones before kept.
    const auto = await runMain([
      'auto',
      '--project',
      project.dir,
      '--levels',
      '1',
      '--tags-per-level',
      '1',
      '--questions-per-tag',
      '1',
      '--candidates',
      String(TARGET),
    ]);
    expect(auto.code, auto.stderr).toBe(0);
    const completed = await samplesOnDisk(project.dir, tagId);
    expect(new Set(completed).size).toBe(TARGET);
    expect(completed).toHaveLength(TARGET);
    expect(completed).toEqual(expect.arrayContaining(afterQuit));
  }, 180_000);
});
