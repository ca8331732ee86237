// ✓ means on disk: the review screen shows a decision as made only once the journal append has
// resolved (fsync'd), and a write that fails (a full disk) shows the error and no ✓.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newProjectConfig } from '../../src/core/project-config.js';
import { buildCandidate } from '../../src/core/testing/candidate-builder.js';
import { ProjectStore } from '../../src/store/project-store.js';
import { canMountSmallDisk, SmallDisk } from '../../src/store/testing/small-disk.js';
import type { PtySession } from './harness.js';
import { KEYS } from './harness.js';
import { openReview } from './safety-fixtures.js';

let tui: PtySession | null = null;
let disk: SmallDisk | null = null;
afterEach(async () => {
  tui?.kill();
  tui = null;
  await disk?.unmount();
  disk = null;
});

function journalText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

describe.skipIf(!canMountSmallDisk)('decisions and the disk (a real 2 MB tmpfs)', () => {
  it('shows ✓ only when the decision is in the journal, and on a full disk the error and no ✓', async () => {
    disk = await SmallDisk.mount(2048);
    const dir = join(disk.dir, 'project');
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
    const [tag] = await store.addTags(null, ['Marathon'], 'generated');
    const [question] = await store.addQuestions(tag!.id, [{ text: 'Why taper before a marathon?' }], 'generated');
    await store.appendCandidates(
      [0, 1, 2].map((sample) => buildCandidate({ question: question!, sample, reasoning: 'Because.', answer: `Answer number ${sample}.` })),
    );
    const [other] = await store.addTags(null, ['Physiology'], 'generated');
    const [otherQuestion] = await store.addQuestions(other!.id, [{ text: 'What is VO2max?' }], 'generated');
    await store.appendCandidates([
      buildCandidate({ question: otherQuestion!, sample: 0, reasoning: 'Because.', answer: 'Oxygen uptake.' }),
    ]);
    await store.close();
    const journal = join(dir, 'data', 'decisions', `${tag!.id}.jsonl`);

    tui = openReview(dir);
    await tui.waitForText('Why taper');
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText('Candidates 3');

    // Every screen the program draws: a ✓ on the selected row must already be in the journal file.
    const seenBeforeDisk: string[] = [];
    // The candidate row's own glyph: the one right before "#N " (the detail pane also says "sample #N").
    const rowOf = (sample: number) => new RegExp(`([✓✗·◌]) #${sample} `).exec(tui!.screenText())?.[0] ?? '';
    const watch = tui.waitFor(() => {
      const row = rowOf(0);
      if (row.includes('✓') && !journalText(journal).includes(`"${question!.id}-0"`)) seenBeforeDisk.push(row);
      return row.includes('✓');
    }, 'the ✓ of sample 0');
    tui.press('a');
    await watch;
    expect(seenBeforeDisk).toEqual([]);
    expect(journalText(journal)).toContain(`"${question!.id}-0"`);
    // After an accept the cursor moves on to the next pending candidate; the keys below act after that
    // move, whenever they arrive (key-order-pty.test.ts), so nothing waits for it here.

    // The disk fills up: a decision in the other tag (its journal's first block) is refused with
    // the file named, and its row keeps its dot.
    await disk.fill();
    const otherJournal = join(dir, 'data', 'decisions', `${other!.id}.jsonl`);
    tui.press(KEYS.shiftTab, KEYS.shiftTab, 'j');
    await tui.waitForText('What is VO2max');
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText('Candidates 1');
    // The tag is read in stages: decide once its verdicts are in, as the first tag was.
    await tui.waitFor((screen) => /· #0 (pass|fail)/.test(screen), 'the verdict of the other tag’s candidate');
    tui.press('a');
    await tui.waitForText(`disk full: ${otherJournal}`.slice(0, 60));
    expect(rowOf(0)).toContain('·');
    expect(journalText(otherJournal)).toBe('');
    expect(tui.screenText()).toContain('1 accepted · 0 rejected');

    // Space again: the same key works, and everything acknowledged before is still there.
    await disk.free();
    tui.press('a');
    await tui.waitFor(() => rowOf(0).includes('✓'), 'the ✓ of the other tag');
    expect(journalText(otherJournal)).toContain(`"${otherQuestion!.id}-0"`);
    expect(journalText(journal)).toContain(`"${question!.id}-0"`);
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});
