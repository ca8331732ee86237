// What a reviewer's candidate rows say about the team and about edits: a blind second review
// (◐, the first reviewer's decision not shown), a disagreement (≠), a stale candidate (its
// question edited since); and the reviewer filter offers everyone who has decided.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedProject } from '../../src/tui/testing/seed-project.js';
import { KEYS, PtySession } from './harness.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'distill.js');
let tui: PtySession | null = null;
afterEach(() => {
  tui?.kill();
  tui = null;
});

describe('candidate rows in a team', () => {
  it('mark a blind second review, a disagreement and a stale candidate; the reviewer filter lists every reviewer', async () => {
    const project = await seedProject('Sports science', [
      {
        name: 'Marathon',
        questions: [
          { text: 'Why taper before a marathon?', candidates: [{ answer: 'To arrive rested.' }, { answer: 'Because.' }] },
          { text: 'How long is a marathon?', candidates: [{ answer: '42.195 km.' }] },
        ],
      },
    ]);
    const { store } = project;
    const tagId = project.tags.get('Marathon')!;
    const [taper, length] = await store.questions(tagId);
    // Every item is double-reviewed; alice decided #0 alone, alice and carol disagree on #1.
    await store.updateReviewSettings({ doubleShare: 1 });
    await store.decide([{ id: `${taper!.id}-0`, status: 'accepted' }], { reviewer: 'alice' });
    await store.decide([{ id: `${taper!.id}-1`, status: 'accepted' }], { reviewer: 'alice' });
    await store.decide([{ id: `${taper!.id}-1`, status: 'rejected' }], { reviewer: 'carol' });
    await store.editQuestion(length!.id, 'How long is a marathon, in miles?');
    await store.close();

    tui = PtySession.spawn(process.execPath, [CLI, 'review', '--project', project.dir, '--reviewer', 'bob'], { cols: 110, rows: 30 });
    await tui.waitForText('Why taper');
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText('Candidates 2');
    await tui.waitFor((screen) => /·◐ #0 /.test(screen) && /·≠ #1 /.test(screen), 'the double-review marks');
    // Bob does not see alice's decision on #0 (a blind second opinion).
    expect(tui.screenText()).not.toContain('by alice');

    // Bob decides #0: the item no longer waits for him, and his decision shows.
    tui.press('a');
    await tui.waitFor((screen) => /✓ #0 /.test(screen) && !screen.includes('◐'), 'bob’s decision on #0');

    // The edited question's candidate is stale until decided again.
    tui.press(KEYS.shiftTab);
    tui.press('j');
    tui.press(KEYS.tab);
    await tui.waitFor((screen) => /· #0 .*stale/.test(screen), 'the stale candidate');

    // The reviewer filter: bob first, then everyone who has decided.
    tui.press('f');
    await tui.waitForText('reviewer: bob');
    await tui.waitForText('reviewer: alice');
    await tui.waitForText('reviewer: carol');
  }, 60_000);
});
