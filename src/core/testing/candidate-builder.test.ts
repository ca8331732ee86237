import { describe, expect, it } from 'vitest';
import { buildCandidate, buildCandidates } from './candidate-builder.js';

describe('buildCandidate', () => {
  it('derives the id and tag from the question and sample, as the pipeline does', () => {
    const candidate = buildCandidate({ questionId: 'tabc123-4', sample: 2, answer: 'Forty-two.' });
    expect(candidate).toMatchObject({ id: 'tabc123-4-2', questionId: 'tabc123-4', tagId: 'tabc123', sample: 2, answer: 'Forty-two.' });
  });

  it('numbers the samples of a question and lets each vary', () => {
    const question = { id: 'tq00001-0', tagId: 'tq00001' };
    const candidates = buildCandidates(question, 3, (sample) => ({ model: `teacher-${sample}` }));
    expect(candidates.map((c) => [c.id, c.model])).toEqual([
      ['tq00001-0-0', 'teacher-0'],
      ['tq00001-0-1', 'teacher-1'],
      ['tq00001-0-2', 'teacher-2'],
    ]);
  });
});
