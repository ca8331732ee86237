import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { questionIdOfCandidate } from '../core/ids.js';
import { buildCandidate } from '../core/testing/candidate-builder.js';
import type { Candidate } from '../core/types.js';
import { readWantedCandidates } from './candidate-file-reader.js';

function candidate(id: string, answer: string): Candidate {
  return buildCandidate({ questionId: questionIdOfCandidate(id), sample: Number(id.split('-')[2]), reasoning: '思考', answer });
}

async function shard(lines: string[]): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'distill-reader-')), 'tabcdef.jsonl');
  await writeFile(file, lines.join('\n'));
  return file;
}

describe('readWantedCandidates', () => {
  it('returns the wanted candidates in file order, the first of a duplicated id, and skips a line still being written', async () => {
    const { id, ...rest } = candidate('tabcdef-2-0', 'reordered keys');
    const file = await shard([
      JSON.stringify(candidate('tabcdef-1-0', 'first')),
      JSON.stringify(candidate('tabcdef-1-1', 'not wanted')),
      JSON.stringify({ ...rest, id }),
      JSON.stringify(candidate('tabcdef-1-0', 'duplicate')),
      '{"id":"tabcdef-3-0","answer":"torn',
    ]);
    const wanted = new Set(['tabcdef-1-0', 'tabcdef-2-0', 'tabcdef-3-0']);
    const found = await readWantedCandidates(file, (candidateId) => wanted.has(candidateId));
    expect(found.map((ref) => ref.load()).map((c) => [c.id, c.answer])).toEqual([
      ['tabcdef-1-0', 'first'],
      ['tabcdef-2-0', 'reordered keys'],
    ]);
  });

  it('names the file when a wanted line is damaged', async () => {
    const file = await shard(['{"id":"tabcdef-1-0","answer": oops}', '']);
    const [ref] = await readWantedCandidates(file, () => true);
    expect(() => ref!.load()).toThrow(`${file} is corrupt (line at byte 0 is not valid JSON)`);
  });

  it('reads a missing shard as empty', async () => {
    expect(await readWantedCandidates(join(tmpdir(), 'no-such-shard.jsonl'), () => true)).toEqual([]);
  });
});
