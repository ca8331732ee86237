import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answersEquivalent, compareAnswers } from './answer-equivalence.js';

const verdict = (reference: string, answer: string, question?: string): string => compareAnswers(reference, answer, question).verdict;

describe('answer equivalence', () => {
  it.each([
    ['\\dfrac{1}{2}', '0.5'],
    ['50%', '0.5'],
    ['1,234,567', '1234567'],
    ['４２', '42'],
    ['x = 4', '4'],
    ['3.5 \\times 10^4', '35000'],
    ['2\\sqrt{2}', '\\sqrt{8}'],
    ['x^2+2x+1', '(x+1)^2'],
    ['\\{3, 1, 2\\}', '\\{1, 2, 3\\}'],
    ['x = 2 \\text{ or } x = 3', '3, 2'],
    ['(B)', 'B'],
    ['The Mitochondria', 'mitochondria'],
    ['12 平方厘米', '12 cm^2'],
    ['(-793, 10)', '-793 < a < 10'],
    ['34x+45y-20z+100=0', '-34x-45y+20z-100=0'],
    ['\\sqrt{3} - 1', '-1 + sqrt(3)'],
    ['1 \\pm \\sqrt{2}', '1-\\sqrt{2}, 1+\\sqrt{2}'],
    ['1/3', '0.\\overline{3}'],
    ['\\frac{3}{4}', 'three-fourths'],
    ['\\frac{1}{2}', 'one half'],
    ['21', 'twenty-one'],
    ['\\frac{5}{2}', 'two and a half'],
    ['12000', '12 000'],
    ['\\frac{5}{2}', '2 1/2 cups'],
    ['14:30', '2:30 PM'],
    ['3:45', '3:45 PM'],
    ['\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', '[[1, 2], [3, 4]]'],
    ['12', '12 (rounded to the nearest whole number)'],
    ['7', '7 (seven)'],
    ['12', '12 pieces of fruit'],
  ])('%s equals %s', (a, b) => {
    expect(verdict(a, b)).toBe('equal');
  });

  it.each([
    ['0.67', '0.6'],
    ['(1, 2)', '(2, 1)'],
    ['[0, 1)', '[0, 1]'],
    ['\\{1, 2\\}', '\\{1, 2, 3\\}'],
    ['5!', '5'],
    ['2x', 'x/2'],
    ['B', 'C'],
    ['Paris', 'London'],
    ['x \\le 5', '5 \\le x'],
    ['x=1', 'y=1'],
    ['3:30', '1:10'],
    ['12', 'eleven'],
    ['\\frac{3}{4}', 'two thirds'],
    ['\\frac{5}{2}', '2 1/3'],
    ['3:45 AM', '3:45 PM'],
    ['(-\\infty, -1) \\cup (3, \\infty)', '(-\\infty, -1)'],
  ])('%s differs from %s', (a, b) => {
    expect(verdict(a, b)).toBe('different');
  });

  it('compares integers and exact values exactly, and gives a rounded decimal half a unit in its last place', () => {
    expect(verdict('100000000000', '99999999999')).toBe('different');
    expect(verdict('2^{64}', '18446744073709551616')).toBe('equal');
    expect(verdict('2^{64}', '18446744073709551615')).toBe('different');
    expect(verdict('\\frac{5}{7}', '0.714')).toBe('equal');
    expect(verdict('\\frac{5}{7}', '0.716')).toBe('different');
    expect(verdict('\\frac{2}{3}', '0.67')).toBe('different');
    expect(verdict('0.67', '\\frac{2}{3}')).toBe('equal');
  });

  it('reads the question: percentages, roundings and multiple-choice options', () => {
    expect(verdict('62.5', '0.625', 'What percent of the tank is full?')).toBe('equal');
    expect(verdict('62.5', '0.625')).toBe('different');
    expect(verdict('\\frac{2}{3}', '0.67', 'Round your answer to the nearest hundredth.')).toBe('equal');
    const options = 'Which is prime?\nA. 21\nB. 27\nC. 29\nD. 33';
    expect(verdict('C', '29', options)).toBe('equal');
    expect(verdict('C', '27', options)).toBe('different');
  });

  it('reads a sentence written where the value was expected, and an angle in degrees against radians', () => {
    expect(verdict('42', '\\text{The answer is } 42')).toBe('equal');
    expect(verdict('\\frac{\\pi}{3}', '60^\\circ')).toBe('equal');
    expect(verdict('\\frac{\\pi}{3}', '30^\\circ')).toBe('different');
    expect(verdict('2, 3', 'x=2 或 x=3')).toBe('equal');
  });

  it.each([
    ['12', '12 千米'],
    ['5', '5 千克'],
    ['30000', '3万'],
    ['3000', '3千元'],
    ['12', '12 cm²'],
    ['12', '12 cm^{2}'],
    ['6.02e23', '6.02 × 10^23'],
    ['6.02e23', '6.02 x 10^23'],
    ['2.5', '2 hours and 30 minutes'],
    ['150', '2 hours and 30 minutes'],
    ['\\frac{5}{4}', '1 h 15 min'],
    ['3', '-\\frac{b}{a} = -\\frac{-6}{2} = 3'],
    ['2,-5', 'x \\in \\{-5, 2\\}'],
    ['[1,4)', 'x \\in [1, 4)'],
    ['C', '(C) 45'],
    ['45', '(C) 45'],
  ])('reads units, multipliers, durations, worked chains and memberships: %s equals %s', (a, b) => {
    expect(verdict(a, b)).toBe('equal');
  });

  it.each([
    ['3000', '3千米'],
    ['30', '3万'],
    ['2.4', '2 hours and 30 minutes'],
    ['6.02e23', '6.02 × 10^22'],
    ['3', '-\\frac{b}{a} = -\\frac{-6}{2} = 4'],
    ['2,-5', 'x \\in \\{-5, 3\\}'],
    ['[1,4)', 'x \\in (1, 4)'],
    ['D', '(C) 45'],
  ])('still catches a wrong value in those forms: %s differs from %s', (a, b) => {
    expect(verdict(a, b)).toBe('different');
  });

  it('reads a one-digit decimal comma only in the answer, against a reference with a decimal point', () => {
    expect(verdict('3.5', '3,5')).toBe('equal');
    expect(verdict('0.75', '0,75')).toBe('equal');
    expect(verdict('3.5', '3,6')).toBe('different');
    // "3,5" is not 35, and a reference "1,3" (two roots) is not the decimal 1.3
    expect(verdict('35', '3,5')).toBe('different');
    expect(verdict('1,3', '1.3')).toBe('different');
    // thousands stay thousands
    expect(verdict('1.25', '1,250')).toBe('different');
  });

  it('compares units of measure by size: a wrong unit is a wrong answer, a converted one is not', () => {
    expect(verdict('5\\text{ km}', '5 m')).toBe('different');
    expect(verdict('5\\text{ km}', '5000 m')).toBe('equal');
    expect(verdict('5 km', '5 kilometers')).toBe('equal');
    expect(verdict('12 cm^2', '1200 mm^2')).toBe('equal');
    expect(verdict('5 kg', '5 km')).toBe('different');
    expect(verdict('42', '42 см')).toBe('equal');
    expect(verdict('12 平方厘米', '12 cm^2')).toBe('equal');
  });

  it('compares dates across notations, and never as arithmetic', () => {
    expect(verdict('March 14, 2015', '2015-03-14')).toBe('equal');
    expect(verdict('14 March 2015', '2015年3月14日')).toBe('equal');
    expect(verdict('March 14, 2015', '2015-03-15')).toBe('different');
    expect(verdict('1998', '2015-03-14')).toBe('different');
  });

  it('reads European thousands, Unicode fractions, and the last side of an equation it cannot read whole', () => {
    expect(verdict('1250', '1.250,00 €')).toBe('equal');
    expect(verdict('1250000', '1.250.000')).toBe('equal');
    // "1.250" alone may be one and a quarter
    expect(verdict('1250', '1.250')).toBe('different');
    expect(verdict('0.5', '½')).toBe('equal');
    expect(verdict('2.75', '2¾')).toBe('equal');
    expect(verdict('\\frac{x^3}{3} + C', '\\int x^2\\,dx = \\frac{1}{3}x^3 + C')).toBe('equal');
    expect(verdict('\\frac{x^3}{3} + C', '\\int x^2\\,dx = \\frac{1}{2}x^3 + C')).toBe('different');
  });

  it('groups siblings only on a sure match', () => {
    expect(answersEquivalent('\\frac{1}{2}', '0.5')).toBe(true);
    expect(answersEquivalent('\\frac{1}{2}', '\\frac{1}{')).toBe(false);
  });
});

describe('a pathological answer', () => {
  let writes: string[];
  beforeEach(() => {
    writes = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void writes.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void writes.push(args.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['1', '2^{2^{2^{100}}}'],
    ['1', '(10^{6})!'],
    ['1', '\\binom{10^{9}}{5\\cdot 10^{8}}'],
    ['x', '('.repeat(5000) + 'x' + ')'.repeat(5000)],
    ['x^2', Array.from({ length: 400 }, (_, i) => `(x+${i})^{${i}}`).join('+')],
    ['1', '\\sqrt{'.repeat(300) + '2' + '}'.repeat(300)],
  ])('is compared with %s in bounded time, silently', (reference, answer) => {
    const started = performance.now();
    const result = compareAnswers(reference, answer);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(['different', 'unknown']).toContain(result.verdict);
    expect(writes).toEqual([]);
  });

  it('says why it could not compare', () => {
    const result = compareAnswers('1', '\\unknowncommand{2}');
    expect(result.verdict).toBe('unknown');
    expect(result.reason).toContain('could not read');
  });
});
