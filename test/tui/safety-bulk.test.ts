// A bulk accept over review.confirmBulkOver asks first, with the count; no leaves nothing
// decided, yes decides them all, and one u reverts them all.
import { afterEach, describe, expect, it } from 'vitest';
import type { PtySession } from './harness.js';
import { KEYS } from './harness.js';
import { decisionsOnDisk, demoProject, editConfig, latestStatus, openReview, waitForDecisions } from './safety-fixtures.js';

let tui: PtySession | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

describe('bulk actions in the review screen', () => {
  it('asks before A on the topic accepts more than review.confirmBulkOver candidates, and one u undoes them all', async () => {
    const dir = await demoProject();
    await editConfig(dir, (config) => {
      config.review = { confirmBulkOver: 5 };
    });
    tui = openReview(dir);
    await tui.waitForText('Sports science');
    tui.press('g');
    await tui.waitFor(() => tui!.highlighted().some((line) => line.startsWith('◆')), 'the topic selected');

    tui.press('A');
    const asked = /Accept (\d+) passing candidates under the project\? \(one u undoes them all\)/;
    await tui.waitForText(asked);
    const count = Number(asked.exec(tui.screenText())![1]);
    expect(count).toBeGreaterThan(5);
    tui.press('n');
    await tui.waitForText('nothing decided');
    expect(await decisionsOnDisk(dir)).toEqual([]);

    tui.press('A');
    await tui.waitForText(asked);
    tui.press('y');
    await tui.waitForText(`accepted ${count} passing candidates under the project`);
    const accepted = await waitForDecisions(dir, (e) => e.length === count, `${count} accepted`);
    expect(accepted.every((entry) => entry.status === 'accepted')).toBe(true);

    tui.press('u');
    await tui.waitForText('undone: accepted');
    const undone = await waitForDecisions(dir, (e) => e.length === count * 2, 'all undone');
    expect([...latestStatus(undone).values()].every((status) => status === 'pending')).toBe(true);
    expect(latestStatus(undone).size).toBe(count);
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });

  it('asks before accepting or rejecting many marked candidates, and not for a few', async () => {
    const dir = await demoProject();
    await editConfig(dir, (config) => {
      config.review = { confirmBulkOver: 2 };
    });
    tui = openReview(dir);
    await tui.waitForText('Candidates');
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText(/Candidates 4/);
    // Two marked: under the limit, decided at once.
    tui.press(' ', ' ', 'a');
    await tui.waitForText('accepted 2 candidates (marked)');
    await waitForDecisions(dir, (e) => e.length === 2, 'two accepted');
    // Three marked: over it, a reject asks after the reason.
    tui.press('g', ' ', ' ', ' ', 'r');
    await tui.waitForText('Reject 3 candidates');
    tui.press(KEYS.enter);
    await tui.waitForText('Reject 3 candidates? (one u undoes them all)');
    tui.press('y');
    await tui.waitForText('rejected 3 candidates (marked)');
    const entries = await waitForDecisions(dir, (e) => e.length === 5, 'three rejected');
    expect(entries.slice(2).every((entry) => entry.status === 'rejected')).toBe(true);
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});
