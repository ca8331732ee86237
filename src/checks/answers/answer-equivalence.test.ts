import { beforeAll, describe, expect, it } from 'vitest';
import { answersEquivalent } from './answer-equivalence.js';
import { extractFinalAnswer } from './final-answer.js';
import { loadSymbolicMath, type SymbolicMath } from './symbolic-math.js';
import { readLabelled, type AnswerExample } from '../test-support/labelled-sets.js';

let math: SymbolicMath;
beforeAll(async () => {
  math = await loadSymbolicMath();
});

const same = (a: string, b: string): boolean => answersEquivalent(a, b, math);

describe('answer_mismatch on held-out (reference, answer) pairs (never used for tuning)', () => {
  it('is right at least 95% of the time across the notations', () => {
    const examples = readLabelled<AnswerExample>('answers-heldout.jsonl');
    expect(examples.length).toBeGreaterThanOrEqual(80);
    const wrong = examples.filter((example) => same(example.reference, extractFinalAnswer(example.answer)) !== example.equal);
    expect(wrong.map((example) => example.id)).toEqual([]);
    expect(1 - wrong.length / examples.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('final answer extraction', () => {
  it('takes the last balanced \\boxed{…}, nested braces and all', () => {
    expect(extractFinalAnswer('First $\\boxed{1}$, then $\\boxed{\\frac{\\sqrt{3}}{2}}$.')).toBe('\\frac{\\sqrt{3}}{2}');
  });
  it('ignores a box the output was cut off inside', () => {
    expect(extractFinalAnswer('so the answer is 4. $\\boxed{\\frac{1}{')).toBe('4');
  });
  it('reads answer phrases in English and Chinese', () => {
    expect(extractFinalAnswer('Thus the answer is 42. Done')).toBe('42');
    expect(extractFinalAnswer('Final answer: 7')).toBe('7');
    expect(extractFinalAnswer('所以答案为 12。')).toBe('12');
    expect(extractFinalAnswer('答案是B')).toBe('B');
    expect(extractFinalAnswer('综上，故选C。')).toBe('C');
  });
  it('falls back to a trailing choice letter', () => {
    expect(extractFinalAnswer('Comparing the four options, the best fit is\n\n**(D)**')).toBe('D');
  });
  it('finds nothing in a long free-text answer', () => {
    expect(
      extractFinalAnswer(
        'Lactate threshold is the intensity above which lactate accumulates faster than it is cleared.\n\nIt predicts endurance performance well.',
      ),
    ).toBe('');
  });
});

describe('answer equivalence', () => {
  it.each([
    ['\\dfrac{1}{2}', '0.5'],
    ['50%', '0.5'],
    ['1,234,567', '1234567'],
    ['４２', '42'],
    ['x = 4', '4'],
    ['3.5 \\times 10^4', '35000'],
    ['\\frac{2}{3}', '0.6667'],
    ['2\\sqrt{2}', '\\sqrt{8}'],
    ['x^2+2x+1', '(x+1)^2'],
    ['\\{3, 1, 2\\}', '\\{1, 2, 3\\}'],
    ['x = 2 \\text{ or } x = 3', '3, 2'],
    ['(B)', 'B'],
    ['选B', 'B'],
    ['The Mitochondria', 'mitochondria'],
    ['12 平方厘米', '12 cm^2'],
    ['45^\\circ', '45°'],
  ])('%s equals %s', (a, b) => {
    expect(same(a, b)).toBe(true);
  });

  it.each([
    ['0.67', '\\frac{2}{3}'],
    ['25', '25%'],
    ['80.0\\%', '83.3\\%'],
    ['(1, 2)', '(2, 1)'],
    ['[0, 1)', '[0, 1]'],
    ['\\{1, 2\\}', '\\{1, 2, 3\\}'],
    ['5!', '5'],
    ['2x', 'x/2'],
    ['B', 'C'],
    ['Paris', 'London'],
  ])('%s differs from %s', (a, b) => {
    expect(same(a, b)).toBe(false);
  });

  it('compares numbers without the math engine', () => {
    expect(answersEquivalent('\\frac{3}{4}', '0.75', null)).toBe(true);
    expect(answersEquivalent('x^2-1', '(x-1)(x+1)', null)).toBe(false);
  });
});
