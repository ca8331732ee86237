// Soft labels in a real terminal: the confidence line, the least likely answer token with its
// alternatives, and the low-confidence stretch of the answer drawn highlighted (read back from the
// cells' colours in the xterm buffer).
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candidate } from '../../src/core/types.js';
import type { SoftLabels } from '../../src/logprobs/soft-labels.js';
import { startOfflineTeacher, type OfflineTeacher } from '../../src/offline-teacher/offline-teacher.js';
import { LogprobsStore } from '../../src/store/logprobs-store.js';
import { tempDir } from '../support/run-cli.js';
import { runMain } from '../support/run-main.js';
import { KEYS, PtySession } from './harness.js';

const CLI = resolve(import.meta.dirname, '..', '..', 'bin', 'distill.js');
const YELLOW = 3;
let session: PtySession | null = null;
let teacher: OfflineTeacher | undefined;

afterEach(async () => {
  session?.kill();
  session = null;
  await teacher?.close();
  teacher = undefined;
});

/** A project of one candidate with logprobs at topK 5, flagged low_confidence; the candidate and its tokens. */
async function flaggedProject(): Promise<{ dir: string; candidate: Candidate; labels: SoftLabels }> {
  teacher = await startOfflineTeacher({});
  const dir = join(await tempDir(), 'p');
  for (const step of [
    ['init', dir, '--topic', 'Sports science', '--base-url', teacher.url, '--logprobs', '5'],
    ['auto', '--levels', '1', '--tags-per-level', '1', '--questions-per-tag', '1', '--candidates', '1', '--project', dir],
  ]) {
    const result = await runMain(step);
    expect(result.code, result.stderr).toBe(0);
  }
  // A threshold every answer is below, so the one candidate is flagged whatever the teacher drew.
  const configFile = join(dir, 'distill.json');
  const config = JSON.parse(await readFile(configFile, 'utf8')) as { rules: Record<string, unknown> };
  config.rules = { ...config.rules, lowConfidence: { minMeanLogprob: -0.0001, minFinalAnswerProb: 0 } };
  await writeFile(configFile, JSON.stringify(config, null, 2));
  const check = await runMain(['check', '--project', dir]);
  expect(check.code, check.stderr).toBe(0);

  const shards = join(dir, 'data', 'candidates');
  const shard = (await readFile(join(shards, (await readdir(shards))[0]!), 'utf8')).trim();
  const candidate = JSON.parse(shard) as Candidate;
  const labels = (await new LogprobsStore(dir).labels(candidate))!;
  return { dir, candidate, labels };
}

/** The review screen on `dir`, at the project's one candidate (`]` from the top). */
async function openAtCandidate(dir: string, candidate: Candidate, size: { cols: number; rows: number }): Promise<PtySession> {
  session = PtySession.spawn(process.execPath, [CLI, 'review', '--project', dir], size);
  await session.waitForText('Sports science');
  session.press(']');
  await session.waitForText(`Candidate ${candidate.id}`);
  return session;
}

/** The text of each answer token (the reasoning's tokens come first in the labels). */
function answerTokenTexts(labels: SoftLabels): string[] {
  return labels.tokens.slice(labels.reasoningTokens).map((token) => Buffer.from(token.bytes).toString('utf8'));
}

describe('soft labels in the review screen', () => {
  it('shows the confidence features and marks the least likely stretch of the answer', async () => {
    const { dir, candidate, labels } = await flaggedProject();
    const start = labels.reasoningTokens;
    const lowest = labels.tokens.slice(start).reduce((low, token) => (token.logprob < low.logprob ? token : low));
    const lowestText = Buffer.from(lowest.bytes).toString('utf8').trim();

    const tui = await openAtCandidate(dir, candidate, { cols: 140, rows: 45 });
    await tui.waitForText('⚑ low_confidence');
    await tui.waitForText(/confidence\s+mean -?\d/);
    await tui.waitForText('least likely');
    await tui.waitFor(
      () => tui.textOnBackground(YELLOW).some((text) => text.includes(lowestText)),
      `the least likely token "${lowestText}" highlighted`,
    );
    tui.press('q');
  });

  it("moves a token cursor through the answer with > and <, showing each token's alternatives", async () => {
    const { dir, candidate, labels } = await flaggedProject();
    const answerTokens = answerTokenTexts(labels);
    const text = (index: number) => answerTokens[index]!;
    // Tokens whose text is a word, so they can be found highlighted on the screen.
    const first = answerTokens.findIndex((_, index) => /^ ?[A-Za-z]{3,}$/.test(text(index)));
    expect(first).toBeGreaterThanOrEqual(0);

    const tui = await openAtCandidate(dir, candidate, { cols: 140, rows: 45 });
    await tui.waitForText(/> and < move a cursor through the answer's \d+ tokens/);
    const before = tui.highlighted();
    for (let step = 0; step <= first; step++) tui.press('>');
    // The token's probability and its alternatives, on the cursor's line of the detail.
    await tui.waitForText(new RegExp(`token ${first + 1}/\\d+\\s+«${text(first)}» \\d\\.\\d\\d\\s+instead: «`));
    const word = text(first).trim();
    await tui.waitFor(
      () => tui.highlighted().some((line) => line.includes(word) && !before.includes(line)),
      `the token "${word}" drawn under the cursor in the answer`,
    );
    tui.press('<');
    await tui.waitForText(new RegExp(`token ${Math.max(1, first)}/\\d+\\s`));
    // esc forgets the cursor.
    tui.press(KEYS.escape);
    await tui.waitForText(/> and < move a cursor/);
    tui.press('q');
  });

  it('scrolls the detail so that the token under the cursor is on screen', async () => {
    const { dir, candidate, labels } = await flaggedProject();
    const answerTokens = answerTokenTexts(labels);
    const text = (index: number) => answerTokens[index]!;
    const words = answerTokens.map((_, index) => index).filter((index) => /^ ?[A-Za-z]{5,}$/.test(text(index)));
    const last = words.at(-1)!;
    expect(last).toBeGreaterThan(0);
    const word = text(last).trim();

    // A short terminal: the end of the answer is below the detail pane's fold.
    const tui = await openAtCandidate(dir, candidate, { cols: 100, rows: 22 });
    await tui.waitForText(/> and < move a cursor through the answer's \d+ tokens/);
    // The flags arrive with the checks and push the text down: wait for them, so the lines stay put.
    await tui.waitForText('⚑ low_confidence');
    const answerEnd = candidate.answer.trim().split(/\s+/).slice(-3).join(' ');
    expect(tui.screenText()).not.toContain(answerEnd);
    const before = tui.highlighted();
    // `<` lands on the last token, then back to the last long word.
    for (let step = 0; step < answerTokens.length - last; step++) tui.press('<');
    await tui.waitFor(
      () => tui.highlighted().some((line) => line.includes(word) && !before.includes(line)),
      `the token "${word}" drawn under the cursor, scrolled into view`,
    );
    expect(tui.screenText()).toContain(answerEnd);
    tui.press('q');
  });
});
