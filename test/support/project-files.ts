// Reading what a project holds on disk, for tests that check what a command stored.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Candidate } from '../../src/core/types.js';
import { readJsonLines } from './json.js';

/** Every candidate in the project's shards (data/candidates/*.jsonl), shard by shard in name order. */
export async function readStoredCandidates(project: string): Promise<Candidate[]> {
  const folder = join(project, 'data', 'candidates');
  const shards = (await readdir(folder)).filter((name) => name.endsWith('.jsonl')).sort();
  return (await Promise.all(shards.map((name) => readJsonLines<Candidate>(join(folder, name))))).flat();
}
