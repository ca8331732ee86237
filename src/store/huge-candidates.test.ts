// Candidates whose texts are too big to keep in memory (a looping teacher's 20 MB trace): the
// store leaves those texts in the shard and reads them when asked. Everything a reader sees must
// be what was written: the whole text, any slice of it, its length, a copy of the record.
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { candidateText, hasLazyText, textLength } from '../core/candidate-text.js';
import { newProjectConfig } from '../core/project-config.js';
import { buildCandidate } from '../core/testing/candidate-builder.js';
import type { Candidate } from '../core/types.js';
import { ProjectStore } from './project-store.js';

/** What real traces hold that JSON escapes or UTF-8 spreads over bytes: quotes, backslashes, LaTeX, CJK without spaces, emoji. */
function hugeText(chars: number, seed: number): string {
  const parts = [
    'Wait, the "standard" form is \\frac{a}{b}\\n — let me recheck.\n',
    '所以答案是四。我们再验证一次这个结果是否正确因为前面的推导可能有误',
    'tab\there, a backslash \\ and an emoji 🙂 then a CR\r\n',
    `step ${seed}: x² + y² = r², ∫₀¹ f(x) dx ≈ 0.5. `,
  ];
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const part = `${parts[(i * 7 + seed) % parts.length]}${i}`;
    out.push(part);
    length += part.length;
  }
  return out.join('');
}

describe('huge candidates', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'distill-huge-')), 'project');
  });

  async function project(candidates: (questionId: string, tagId: string) => Candidate[]) {
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Maths', baseUrl: 'offline' }));
    const [tag] = await store.addTags(null, ['Loops'], 'generated');
    const [question] = await store.addQuestions(tag!.id, [{ text: 'What is 2+2?' }], 'generated');
    const written = candidates(question!.id, tag!.id);
    await store.appendCandidates(written);
    return { store, tagId: tag!.id, written: await store.candidates(tag!.id) };
  }

  it('reads back every text, slice and length as written, keeping the huge ones in the shard', async () => {
    const reasoning = hugeText(700_000, 1);
    const answer = hugeText(300_000, 2);
    const { store, tagId } = await project((questionId, tagId) => [
      buildCandidate({ questionId, tagId, sample: 0, reasoning, answer }),
      buildCandidate({ questionId, tagId, sample: 1, reasoning: 'short', answer: 'The answer is 4.' }),
    ]);
    await store.close();
    const reopened = await ProjectStore.open(dir);
    const [huge, small] = await reopened.candidates(tagId);
    expect(hasLazyText(huge!)).toBe(true);
    expect(hasLazyText(small!)).toBe(false);
    expect(textLength(huge!, 'reasoning')).toBe(reasoning.length);
    expect(textLength(huge!, 'answer')).toBe(answer.length);
    const source = candidateText(huge!, 'reasoning');
    for (const [start, end] of [
      [0, 10],
      [65_530, 65_600],
      [123_457, 400_001],
      [reasoning.length - 5, reasoning.length],
      [reasoning.length - 3, reasoning.length + 10],
    ] as const) {
      expect(source.slice(start, end)).toBe(reasoning.slice(start, end));
    }
    expect(huge!.reasoning).toBe(reasoning);
    expect(huge!.answer).toBe(answer);
    // A copy (spread, JSON) carries the texts, as a record read whole would.
    expect({ ...huge! }.reasoning).toBe(reasoning);
    const line = (await readFile(join(dir, 'data', 'candidates', `${tagId}.jsonl`), 'utf8')).split('\n')[0]!;
    expect(JSON.stringify(huge)).toBe(line);
    await reopened.close();
  });

  it('keeps a candidate appended in this process lazy too, and reads a torn huge tail as not there yet', async () => {
    const reasoning = hugeText(400_000, 3);
    const { store, tagId, written } = await project((questionId, tagId) => [buildCandidate({ questionId, tagId, sample: 0, reasoning })]);
    expect(hasLazyText(written[0]!)).toBe(true);
    expect(written[0]!.reasoning).toBe(reasoning);
    await store.close();
    // A writer killed in the middle of a second huge line.
    const shard = join(dir, 'data', 'candidates', `${tagId}.jsonl`);
    const second = JSON.stringify(buildCandidate({ questionId: `${tagId}-1`, tagId, sample: 1, reasoning }));
    await appendFile(shard, second.slice(0, 350_000));
    const reopened = await ProjectStore.open(dir);
    expect((await reopened.candidates(tagId)).map((candidate) => candidate.sample)).toEqual([0]);
    await reopened.close();
  });

  it('names the line of a damaged huge candidate, as for any other', async () => {
    const reasoning = hugeText(400_000, 4);
    const { store, tagId } = await project((questionId, tagId) => [
      buildCandidate({ questionId, tagId, sample: 0 }),
      buildCandidate({ questionId, tagId, sample: 1, reasoning }),
    ]);
    await store.close();
    const shard = join(dir, 'data', 'candidates', `${tagId}.jsonl`);
    const lines = (await readFile(shard, 'utf8')).split('\n');
    // A raw control character inside the huge literal: not valid JSON.
    lines[1] = lines[1]!.slice(0, 200_000) + '\u0001' + lines[1]!.slice(200_001);
    await writeFile(shard, lines.join('\n'));
    const reopened = await ProjectStore.open(dir);
    await expect(reopened.candidates(tagId)).rejects.toThrow(/line 2 \(byte \d+\) is not valid JSON/);
    await reopened.close();
  });
});
