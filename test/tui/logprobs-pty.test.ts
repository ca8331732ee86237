// Soft labels in a real terminal: the confidence line, the least likely answer token with its
// alternatives, and the low-confidence stretch of the answer drawn highlighted (read back from the
// cells' colours in the xterm buffer).
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candidate } from '../../src/core/types.js';
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

describe('soft labels in the review screen', () => {
  it('shows the confidence features and marks the least likely stretch of the answer', async () => {
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

    const shard = (
      await readFile(join(dir, 'data', 'candidates', (await import('node:fs')).readdirSync(join(dir, 'data', 'candidates'))[0]!), 'utf8')
    ).trim();
    const candidate = JSON.parse(shard) as Candidate;
    const labels = (await new LogprobsStore(dir).labels(candidate))!;
    const start = labels.reasoningTokens;
    const lowest = labels.tokens.slice(start).reduce((low, token) => (token.logprob < low.logprob ? token : low));
    const lowestText = Buffer.from(lowest.bytes).toString('utf8').trim();

    session = PtySession.spawn(process.execPath, [CLI, 'review', '--project', dir], { cols: 140, rows: 45 });
    const tui = session;
    await tui.waitForText('Sports science');
    tui.press(']');
    await tui.waitForText(`Candidate ${candidate.id}`);
    await tui.waitForText('⚑ low_confidence');
    await tui.waitForText(/confidence\s+mean -?\d/);
    await tui.waitForText('least likely');
    await tui.waitFor(
      () => tui.textOnBackground(YELLOW).some((text) => text.includes(lowestText)),
      `the least likely token "${lowestText}" highlighted`,
    );
    tui.press('q');
    void KEYS;
  });
});
