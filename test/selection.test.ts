// The s1 pipeline: one passing candidate per question, uniform over groups, longer traces
// favoured, the same draw for the same seed, and a reason for every question left out.
import { describe, expect, it } from 'vitest';
import { selectToBudget, type SelectionCandidate, type SelectSettings } from '../src/selection/select-pipeline.js';

function project(): SelectionCandidate[] {
  const candidates: SelectionCandidate[] = [];
  ['ta', 'tb', 'tc', 'td'].forEach((tag, t) => {
    const questions = [3, 6, 10, 12][t]!;
    for (let q = 1; q <= questions; q++) {
      for (let sample = 0; sample < 3; sample++) {
        candidates.push({
          id: `${tag}-${q}-${sample}`,
          questionId: `${tag}-${q}`,
          leafTag: tag,
          topTag: t < 2 ? 'top1' : 'top2',
          // The last question of each tag has no passing candidate.
          passes: q !== questions,
          rank: q !== questions ? sample : -1,
          length: 100 * q + sample,
        });
      }
    }
  });
  return candidates;
}

const SETTINGS: SelectSettings = { budget: 16, seed: 1, diversity: 'leaf', passRate: { min: null, max: null } };

describe('select to a budget', () => {
  it('takes one preferred passing candidate per question, spread within one of uniform over the leaf tags', () => {
    const result = selectToBudget(project(), new Map(), SETTINGS);
    expect(result.items).toHaveLength(16);
    expect(new Set(result.items.map((item) => item.questionId)).size).toBe(16);
    expect(result.items.every((item) => item.id.endsWith('-0'))).toBe(true);
    const perTag = new Map<string, number>();
    for (const item of result.items) perTag.set(item.group, (perTag.get(item.group) ?? 0) + 1);
    // ta has 2 passing questions only; the other three share the remaining 14 evenly.
    expect(perTag.get('ta')).toBe(2);
    for (const tag of ['tb', 'tc', 'td']) expect(Math.abs(perTag.get(tag)! - 14 / 3)).toBeLessThanOrEqual(1);
    expect(result.out['ta-3']).toBe('no passing candidate');
    expect(Object.values(result.out).filter((reason) => reason === 'not drawn within the budget')).toHaveLength(27 - 16);
  });

  it('gives the same selection for the same seed and another for another seed', () => {
    const first = selectToBudget(project(), new Map(), SETTINGS);
    expect(selectToBudget([...project()].reverse(), new Map(), SETTINGS).items).toEqual(first.items);
    expect(selectToBudget(project(), new Map(), { ...SETTINGS, seed: 2 }).items.map((item) => item.id)).not.toEqual(
      first.items.map((item) => item.id),
    );
  });

  it('favours long candidates inside a group (weight 2^-rank)', () => {
    let longest = 0;
    for (let seed = 0; seed < 200; seed++) {
      const [item] = selectToBudget(project(), new Map(), { ...SETTINGS, budget: 1, diversity: 'top', seed }).items;
      if (item!.questionId.endsWith('-11') || item!.questionId.endsWith('-5')) longest++;
    }
    expect(longest).toBeGreaterThan(70);
    expect(longest).toBeLessThan(130);
  });

  it('keeps only questions in the pass-rate band', () => {
    const difficulty = new Map(project().map((c) => [c.questionId, { teacherPassRate: c.questionId.endsWith('-1') ? 1 : 0.5 }]));
    const result = selectToBudget(project(), difficulty, { ...SETTINGS, budget: 100, passRate: { min: null, max: 0.99 } });
    expect(result.items.some((item) => item.questionId.endsWith('-1'))).toBe(false);
    expect(result.out['tb-1']).toBe('outside the pass-rate band');
    expect(result.funnel).toEqual({ questions: 31, quality: 27, difficulty: 23, selected: 23 });
  });
});
