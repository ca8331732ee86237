// The teacher setting `logprobs.tokenIds` (issue 10): generation asks a vLLM-like server for
// return_tokens_as_token_ids, and the sidecar keeps every token's id; without it, none.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candidate, ProjectConfig } from '../src/core/types.js';
import { isLogprobsSummary } from '../src/logprobs/confidence-summary.js';
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

async function generate(tokenIds: boolean | undefined): Promise<{ dir: string; candidates: Candidate[] }> {
  teacher = await startOfflineTeacher({});
  const dir = join(await tempDir(), 'p');
  expect((await runMain(['init', dir, '--topic', 'Sports science', '--base-url', teacher.url, '--logprobs', '5'])).code).toBe(0);
  const file = join(dir, 'distill.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as ProjectConfig;
  if (tokenIds !== undefined) config.teachers![0]!.logprobs = { topK: 5, tokenIds };
  await writeFile(file, JSON.stringify(config, null, 2));
  const auto = await runMain([
    'auto',
    '--levels',
    '1',
    '--tags-per-level',
    '1',
    '--questions-per-tag',
    '2',
    '--candidates',
    '2',
    '--project',
    dir,
  ]);
  expect(auto.code, auto.stderr).toBe(0);
  return { dir, candidates: await readStoredCandidates(dir) };
}

async function tokenIdsOf(dir: string, candidates: Candidate[]): Promise<(number | null)[]> {
  const store = new LogprobsStore(dir);
  const ids: (number | null)[] = [];
  try {
    for (const candidate of candidates) {
      expect(isLogprobsSummary(candidate.logprobs), JSON.stringify(candidate.logprobs)).toBe(true);
      const labels = await store.labels(candidate);
      expect(labels).not.toBeNull();
      for (const token of labels!.tokens) ids.push(token.id, ...token.top.map((choice) => choice.id));
    }
  } finally {
    await store.close();
  }
  return ids;
}

describe('logprobs.tokenIds in the teacher config', () => {
  it('keeps a tokenizer id for every token and alternative, and teacher list says so', async () => {
    const { dir, candidates } = await generate(true);
    expect(candidates).toHaveLength(4);
    const ids = await tokenIdsOf(dir, candidates);
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    const list = await runMain(['teacher', 'list', '--project', dir]);
    expect(list.stdout).toContain('logprobs top 5 with token ids');
  });

  it('keeps none when the setting is absent', async () => {
    const { dir, candidates } = await generate(undefined);
    const ids = await tokenIdsOf(dir, candidates);
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.every((id) => id === null)).toBe(true);
  });
});
