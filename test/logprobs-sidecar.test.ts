// The logprobs sidecar end to end: captured during auto from the offline teacher, stored as binary
// frames beside the candidate shard, read back exactly, and safe against a torn last frame.
import { appendFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candidate } from '../src/core/types.js';
import { concatBytes, type SoftLabels } from '../src/logprobs/soft-labels.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { LogprobsStore } from '../src/store/logprobs-store.js';
import { readStoredCandidates } from './support/project-files.js';
import { tempDir } from './support/run-cli.js';
import { runMain } from './support/run-main.js';

let teacher: OfflineTeacher | undefined;
afterEach(async () => {
  await teacher?.close();
  teacher = undefined;
});

async function generated(topK: number, extra: string[] = []): Promise<string> {
  teacher ??= await startOfflineTeacher({});
  const dir = join(await tempDir(), 'p');
  const init = await runMain(['init', dir, '--topic', 'Sports science', '--base-url', teacher.url, '--logprobs', String(topK), ...extra]);
  expect(init.code, init.stderr).toBe(0);
  const auto = await runMain([
    'auto',
    '--levels',
    '1',
    '--tags-per-level',
    '2',
    '--questions-per-tag',
    '2',
    '--candidates',
    '2',
    '--project',
    dir,
  ]);
  expect(auto.code, auto.stderr).toBe(0);
  return dir;
}

async function candidatesOf(dir: string): Promise<Candidate[]> {
  return readStoredCandidates(dir);
}

function spell(labels: SoftLabels, span: [number, number]): string {
  return Buffer.from(concatBytes(labels.tokens))
    .subarray(...span)
    .toString('utf8');
}

describe('the logprobs sidecar', () => {
  it('holds, for every candidate, tokens that spell its stored reasoning and answer, at 16-bit precision', async () => {
    const dir = await generated(5);
    const candidates = await candidatesOf(dir);
    expect(candidates.length).toBe(8);
    const store = new LogprobsStore(dir);
    let tokens = 0;
    for (const candidate of candidates) {
      expect(candidate.logprobs).toMatchObject({ topK: 5 });
      const labels = await store.labels(candidate);
      expect(labels, candidate.id).not.toBeNull();
      expect(spell(labels!, labels!.reasoningSpan)).toBe(candidate.reasoning);
      expect(spell(labels!, labels!.answerSpan)).toBe(candidate.answer);
      for (const token of labels!.tokens) {
        expect(token.top.length).toBeLessThanOrEqual(5);
        expect(token.top.some((choice) => choice.bytes === token.bytes && choice.logprob === token.logprob)).toBe(true);
        expect(token.top.every((choice, i) => choice.logprob <= 0 && (i === 0 || token.top[i - 1]!.logprob >= choice.logprob))).toBe(true);
      }
      const mean = labels!.tokens.reduce((sum, token) => sum + token.logprob, 0) / labels!.tokens.length;
      expect(Math.abs(mean - (candidate.logprobs as { meanLogprob: number }).meanLogprob)).toBeLessThan(0.001);
      tokens += labels!.tokens.length;
    }
    let bytes = 0;
    for (const name of await readdir(join(dir, 'data', 'logprobs'))) bytes += (await stat(join(dir, 'data', 'logprobs', name))).size;
    expect(bytes / tokens).toBeLessThanOrEqual(40);
  });

  it('sets a torn last frame aside on the next append and keeps every whole frame', async () => {
    const dir = await generated(3);
    const [first] = await candidatesOf(dir);
    const store = new LogprobsStore(dir);
    const before = await store.labels(first!);
    const file = store.file(first!.tagId);
    // A writer killed mid-frame: bytes with no newline at the end.
    await appendFile(file, Buffer.from([0x4c, 0x01, 0x05, 0x99, 0x20]));
    const reader = new LogprobsStore(dir);
    expect(await reader.labels(first!)).toEqual(before);
    const copy = { ...first!, id: `${first!.questionId}-9`, gen: 'g2' };
    const warnings = await reader.append(first!.tagId, [{ id: copy.id, gen: 'g2', labels: before! }]);
    expect(warnings.join('\n')).toMatch(/moved to .*\.torn/);
    const fresh = new LogprobsStore(dir);
    expect(await fresh.labels(first!)).toEqual(before);
    expect(await fresh.labels(copy)).toEqual(before);
  });

  it('gives no logprobs for a candidate whose text was written again (another gen)', async () => {
    const dir = await generated(2);
    const [first] = await candidatesOf(dir);
    expect(await new LogprobsStore(dir).labels({ ...first!, gen: 'another' })).toBeNull();
  });
});
