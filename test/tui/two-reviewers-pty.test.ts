// Two reviewers in two TUIs on one project: each sees the other's decisions without restarting,
// whichever wrote last; decisions record who made them; undo never erases the other's decision.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DecisionEntry } from '../../src/core/types.js';
import { seedProject } from '../../src/tui/testing/seed-project.js';
import { KEYS, PtySession } from './harness.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'distill.js');
const sessions: PtySession[] = [];

afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

function openReview(projectDir: string, reviewer: string): PtySession {
  const session = PtySession.spawn(process.execPath, [CLI, 'review', '--project', projectDir, '--reviewer', reviewer], {
    cols: 110,
    rows: 30,
  });
  sessions.push(session);
  return session;
}

async function journal(projectDir: string, tagId: string, predicate: (lines: DecisionEntry[]) => boolean): Promise<DecisionEntry[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = await readFile(join(projectDir, 'data', 'decisions', `${tagId}.jsonl`), 'utf8').catch(() => '');
    const lines = text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as DecisionEntry);
    if (predicate(lines)) return lines;
    if (Date.now() > deadline) throw new Error(`the journal never matched: ${JSON.stringify(lines)}`);
    await new Promise((done) => setTimeout(done, 25));
  }
}

describe('two reviewers on one project', () => {
  it("see each other's decisions, and one's undo leaves the other's decision standing", async () => {
    const project = await seedProject('Sports science', [
      {
        name: 'Marathon',
        questions: [{ text: 'Why taper before a marathon?', candidates: [{ answer: 'To arrive rested.' }, { answer: 'Because.' }] }],
      },
    ]);
    const tagId = project.tags.get('Marathon')!;
    await project.store.close();
    const alice = openReview(project.dir, 'alice');
    const bob = openReview(project.dir, 'bob');
    for (const tui of [alice, bob]) {
      await tui.waitForText('Why taper');
      tui.press(KEYS.tab, KEYS.tab);
      await tui.waitForText('Candidates 2');
    }

    // Both accept the first candidate, alice first.
    alice.press('a');
    await alice.waitForText('1 accepted');
    await journal(project.dir, tagId, (lines) => lines.length === 1);
    // The cursor moves on to the next pending candidate once the decision is on disk; alice then goes back to watch the first.
    await alice.waitFor(() => alice.highlighted().some((line) => line.includes('#1 ')), 'the cursor on the next pending candidate');
    alice.press('k');
    bob.press('a');
    await journal(project.dir, tagId, (lines) => lines.length === 2);
    await alice.waitForText('by bob');

    // Bob rejects the second; then alice undoes her accept, so alice writes last.
    bob.press('j', 'r');
    await bob.waitForText('Reason');
    bob.press(KEYS.ctrlU);
    bob.type('too terse');
    bob.press(KEYS.enter);
    await journal(project.dir, tagId, (lines) => lines.length === 3);
    alice.press('u');
    await alice.waitForText(/bob accepted \S+ since, and that stands/);
    const lines = await journal(project.dir, tagId, (entries) => entries.length === 4);
    expect(lines.map((line) => `${line.reviewer}:${line.status}`)).toEqual([
      'alice:accepted',
      'bob:accepted',
      'bob:rejected',
      'alice:pending',
    ]);
    expect(lines[3]!.undoes).toBe(lines[0]!.at);

    // Alice's screen shows bob's accept standing and bob's reject, though she wrote last.
    await alice.waitForText('1 accepted · 1 rejected');
    await bob.waitForText('1 accepted · 1 rejected');
    alice.press('q');
    bob.press('q');
    expect(await alice.waitForExit()).toBe(0);
    expect(await bob.waitForExit()).toBe(0);
  });

  it('undoes after a restart, from the journal', async () => {
    const project = await seedProject('Sports science', [
      { name: 'Marathon', questions: [{ text: 'Why taper before a marathon?', candidates: [{ answer: 'To arrive rested.' }] }] },
    ]);
    const tagId = project.tags.get('Marathon')!;
    await project.store.close();
    let tui = openReview(project.dir, 'alice');
    await tui.waitForText('Why taper');
    tui.press(KEYS.tab, KEYS.tab);
    await tui.waitForText('Candidates 1');
    tui.press('a');
    await journal(project.dir, tagId, (lines) => lines.length === 1);
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);

    tui = openReview(project.dir, 'alice');
    await tui.waitForText('1 accepted');
    tui.press('u');
    await tui.waitForText(/undone: accepted \S+-1-0/);
    await tui.waitForText('0 accepted');
    const lines = await journal(project.dir, tagId, (entries) => entries.length === 2);
    expect(lines[1]).toMatchObject({ status: 'pending', reviewer: 'alice', undoes: lines[0]!.at });
    tui.press('q');
    expect(await tui.waitForExit()).toBe(0);
  });
});
