import { describe, expect, it } from 'vitest';
import { isValidation, planSplit, questionDraw } from './train-split.js';

function draws(count: number, seed: number): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => questionDraw(seed, `tabcdef-${i}`));
}

describe('planSplit', () => {
  it('sends the asked share of questions to validation', () => {
    const all = draws(1000, 1);
    const plan = planSplit(all, 0.9);
    expect(plan.validationQuestions).toBe(100);
    expect(Array.from(all).filter((draw) => isValidation(plan, draw))).toHaveLength(100);
  });

  it('keeps at least one question on each side when there are two or more', () => {
    const plan = planSplit(draws(5, 1), 0.99);
    expect(plan.validationQuestions).toBe(1);
    expect(planSplit(draws(5, 1), 0.01).trainQuestions).toBe(1);
    expect(planSplit(draws(1, 1), 0.5).validationQuestions).toBe(0);
  });

  it('depends on the seed', () => {
    const one = draws(200, 1);
    const two = draws(200, 2);
    const sideOne = Array.from(one, (draw) => isValidation(planSplit(one, 0.8), draw));
    const sideTwo = Array.from(two, (draw) => isValidation(planSplit(two, 0.8), draw));
    expect(sideOne).not.toEqual(sideTwo);
  });
});
