// Keys are handled in the order they were pressed: after `a` the cursor moves on to the next
// pending candidate, and a key typed right behind it (without waiting for the screen) acts on
// where the cursor is after that move, never before it and never overridden by it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newProjectConfig } from '../../src/core/project-config.js';
import { buildCandidate } from '../../src/core/testing/candidate-builder.js';
import { ProjectStore } from '../../src/store/project-store.js';
import type { PtySession } from './harness.js';
import { KEYS } from './harness.js';
import { decisionsOnDisk, latestStatus, openReview } from './safety-fixtures.js';

let tui: PtySession | null = null;
let root: string | null = null;
afterEach(async () => {
  tui?.kill();
  tui = null;
  if (root) await rm(root, { recursive: true, force: true });
  root = null;
});

async function twoTagProject(): Promise<{ dir: string; first: string; second: string }> {
  root = await mkdtemp(join(tmpdir(), 'distill-key-order-'));
  const dir = join(root, 'project');
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const [marathon, physiology] = await store.addTags(null, ['Marathon', 'Physiology'], 'generated');
  const [first] = await store.addQuestions(marathon!.id, [{ text: 'Why taper before a marathon?' }], 'generated');
  const [second] = await store.addQuestions(physiology!.id, [{ text: 'What is VO2max?' }], 'generated');
  for (const question of [first!, second!]) {
    await store.appendCandidates(
      [0, 1, 2].map((sample) => buildCandidate({ question, sample, reasoning: 'Because.', answer: `Answer number ${sample}.` })),
    );
  }
  await store.close();
  return { dir, first: first!.id, second: second!.id };
}

describe('key order after a decision (pty)', () => {
  it('a key typed right after `a` acts after the move to the next pending candidate, in this tag and into the next', async () => {
    const { dir, first, second } = await twoTagProject();
    tui = openReview(dir);
    await tui.waitForText('Why taper');
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText('Candidates 3');
    const selected = () => tui!.highlighted().join('\n');
    await tui.waitFor(() => selected().includes('#0 '), 'the first candidate selected');

    // `a` on #0 moves on to #1; the `j` typed behind it goes on to #2, and stays there.
    tui.press('a', 'j');
    await tui.waitFor((screen) => /✓ #0 /.test(screen), 'the ✓ of #0 (on disk)');
    await tui.waitFor(() => selected().includes('#2 '), 'the cursor on #2');
    expect(latestStatus(await decisionsOnDisk(dir)).get(`${first}-0`)).toBe('accepted');
    tui.press('k');
    await tui.waitFor(() => selected().includes('#1 '), 'k from #2 to #1: the cursor was on #2');

    // `a` on #1 moves on to #2 (still pending), `a` on #2 on to the next tag's first candidate;
    // the `j` behind them moves within that tag, to its #1.
    tui.press('a', 'a', 'j');
    await tui.waitForText('What is VO2max');
    await tui.waitFor(() => selected().includes('#1 '), 'the cursor on the second tag’s #1');
    await tui.waitFor((screen) => !screen.includes('writing'), 'the writes done');
    const status = latestStatus(await decisionsOnDisk(dir));
    expect([status.get(`${first}-1`), status.get(`${first}-2`)]).toEqual(['accepted', 'accepted']);
    expect(status.has(`${second}-0`)).toBe(false);
    expect(tui.screenText()).toContain('What is VO2max');
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});
