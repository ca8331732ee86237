import { describe, expect, it } from 'vitest';
import type { Question } from '../../core/types.js';
import { decodeQuestionIndexBody, decodeQuestionIndexHeader, encodeQuestionIndex, PREFIX_BYTES } from './question-index-file.js';
import { QuestionIndex } from './question-index.js';

function question(tagId: string, seq: number, text: string, createdAt: string, editedAt?: string): Question {
  return { id: `${tagId}-${seq}`, tagId, text, origin: 'generated', createdAt, ...(editedAt ? { editedAt } : {}) };
}

const LACTATE = 'What is the lactate threshold, and why is it often a better predictor of endurance race performance than VO2max?';
const LACTATE_AGAIN = 'What is the lactate threshold, and why is it usually a better predictor of endurance performance than VO2max?';
const PROTEIN = 'How many grams of protein per kilogram should an endurance athlete eat?';
const TAPER = 'Why do marathon runners taper in the last three weeks before a race?';

describe('QuestionIndex', () => {
  it('judges a question added later against every earlier one, and keeps earlier findings', () => {
    const index = new QuestionIndex();
    expect(
      index.update(
        new Map([
          ['tA', { version: '1', questions: [question('tA', 1, LACTATE, '2026-01-01'), question('tA', 2, PROTEIN, '2026-01-01')] }],
        ]),
      ),
    ).toBe(2);
    expect(index.findings().size).toBe(0);
    const compared = index.update(
      new Map([
        ['tB', { version: '1', questions: [question('tB', 1, LACTATE_AGAIN, '2026-01-02'), question('tB', 2, TAPER, '2026-01-02')] }],
      ]),
    );
    expect(compared).toBe(2);
    expect(index.findings().get('tB-1')).toMatchObject({ of: LACTATE });
    expect(index.findings().get('tB-1')!.similarity).toBeGreaterThan(0.7);
    expect([...index.findings().keys()]).toEqual(['tB-1']);
  });

  it('looks again for a question whose match was deleted, and treats an edited question as new', () => {
    const index = new QuestionIndex();
    index.update(
      new Map([
        ['tA', { version: '1', questions: [question('tA', 1, LACTATE, '2026-01-01')] }],
        ['tB', { version: '1', questions: [question('tB', 1, LACTATE_AGAIN, '2026-01-02'), question('tB', 2, PROTEIN, '2026-01-02')] }],
      ]),
    );
    expect(index.findings().get('tB-1')?.of).toBe(LACTATE);
    // tA's question is deleted: tB-1 has nothing left to repeat.
    expect(index.update(new Map([['tA', { version: '2', questions: [] }]]))).toBe(1);
    expect(index.findings().size).toBe(0);
    // tB-2 is edited into a copy of tB-1: the edited text is the later one, and the one flagged.
    const edited = question('tB', 2, LACTATE, '2026-01-02', '2026-01-03');
    expect(index.update(new Map([['tB', { version: '2', questions: [question('tB', 1, LACTATE_AGAIN, '2026-01-02'), edited] }]]))).toBe(1);
    expect(index.findings().get('tB-2')?.of).toBe(LACTATE_AGAIN);
    expect(index.findings().has('tB-1')).toBe(false);
  });

  it('reads back what it wrote, and a tag digest changes only with its findings', () => {
    const index = new QuestionIndex();
    index.update(
      new Map([
        ['tA', { version: 'a1', questions: [question('tA', 1, LACTATE, '2026-01-01')] }],
        ['tB', { version: 'b1', questions: [question('tB', 1, LACTATE_AGAIN, '2026-01-02')] }],
      ]),
    );
    const digests = index.digests();
    const file = encodeQuestionIndex(index.state, 'code', digests);
    const header = decodeQuestionIndexHeader(file, file.subarray(PREFIX_BYTES, PREFIX_BYTES + file.readUInt32LE(8)), 'x');
    expect(header).toMatchObject({ fingerprint: 'code', count: 2, tagVersions: { tA: 'a1', tB: 'b1' } });
    const again = new QuestionIndex(decodeQuestionIndexBody(header, file.subarray(PREFIX_BYTES + file.readUInt32LE(8)), 'x'));
    expect(again.findings()).toEqual(index.findings());
    again.update(new Map([['tC', { version: 'c1', questions: [question('tC', 1, TAPER, '2026-01-03')] }]]));
    const after = again.digests();
    expect(after.get('tA')).toBe(digests.get('tA'));
    expect(after.get('tB')).toBe(digests.get('tB'));
    expect(() => decodeQuestionIndexBody(header, Buffer.alloc(10), 'cache/checks/questions.index')).toThrow(
      /questions\.index: wrong length/,
    );
  });
});
