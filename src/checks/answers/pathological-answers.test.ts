import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compareAnswers } from './answer-equivalence.js';
import { extractFinalAnswer } from './extract/final-answer.js';

// Each kind of pathological answer a teacher can write: the comparison ends quickly, says
// "could not compare" (with why) unless the verdict is provable, and writes nothing on stderr.

const NINES = '9'.repeat(100);

function matrix(size: number, change = -1): string {
  const rows = Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => String(i * size + j === change ? -1 : i * size + j)).join(' & '),
  );
  return `\\begin{pmatrix}${rows.join(' \\\\ ')}\\end{pmatrix}`;
}

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

function compareBounded(reference: string, answer: string): { verdict: string; reason?: string } {
  const started = performance.now();
  // extraction of the boxed answer from a whole solution is part of what the user waits for
  const final = extractFinalAnswer(`Let me compute this.\n\nThe answer is $\\boxed{${answer}}$.`);
  const result = compareAnswers(reference, final.text);
  expect(performance.now() - started).toBeLessThan(2000);
  expect(writes).toEqual([]);
  return result;
}

describe('pathological answers are compared in bounded time, silently', () => {
  it.each([
    ['parentheses 900 deep', '('.repeat(900) + '1' + ')'.repeat(900)],
    ['parentheses 5,000 deep', '('.repeat(5000) + '1' + ')'.repeat(5000)],
    ['powers 400 deep', '2^{'.repeat(400) + '1' + '}'.repeat(400)],
    ['fractions 300 deep', '\\frac{1}{'.repeat(300) + '1' + '}'.repeat(300)],
    ['braces 20,000 deep', '{'.repeat(20000) + '1' + '}'.repeat(20000)],
  ])('deep nesting (%s) could not be compared', (_name, answer) => {
    const result = compareBounded('1', answer);
    expect(result.verdict).toBe('unknown');
    expect(result.reason).toMatch(/could not|too/);
  });

  it('a tower of powers beyond any number type is never equal to its neighbour', () => {
    expect(compareBounded('10^{10^{10}}', '10^{10^{10}}+1')).toEqual({
      verdict: 'unknown',
      reason: 'could not decide whether the two are equal',
    });
    expect(compareBounded('123456789^{123456789}', '123456789^{123456789}+1').verdict).toBe('unknown');
    expect(compareBounded('(10^{6})!', '1').verdict).not.toBe('equal');
    // what can be proved still is: the same tower, and a tower against a small number
    expect(compareBounded('10^{10^{10}}', '10^{10^{10}}').verdict).toBe('equal');
    expect(compareBounded('1', '10^{10^{10}}').verdict).toBe('different');
    expect(compareBounded('-\\infty', '\\infty').verdict).toBe('different');
    expect(compareBounded('\\infty', '+\\infty').verdict).toBe('equal');
  });

  it('100-digit numbers compare exactly, never by a double', () => {
    expect(compareBounded(NINES, NINES.slice(0, 99) + '8').verdict).toBe('different');
    expect(compareBounded(NINES, `${NINES.slice(0, 50)},${NINES.slice(50)}`.replace(/,/g, '')).verdict).toBe('equal');
    expect(compareBounded(`0.${NINES}`, '1').verdict).toBe('different');
    expect(compareBounded(NINES, '1e100').verdict).toBe('different');
    expect(compareBounded(`\\frac{${NINES}}{${NINES}7}`, `\\frac{${NINES}}{${NINES}7}+0`).verdict).toBe('equal');
  });

  it('a giant matrix could not be compared, unless it is the same text', () => {
    const result = compareBounded(matrix(60), matrix(60, 7));
    expect(result).toEqual({ verdict: 'unknown', reason: 'too long to compare' });
    expect(compareBounded(matrix(60), matrix(60).replace(/ & /g, '&')).verdict).toBe('equal');
    expect(compareBounded(matrix(200), matrix(200, 5)).verdict).toBe('unknown');
    // a 12×12 one is still compared, entry by entry
    expect(compareBounded(matrix(12), matrix(12, 7)).verdict).toBe('different');
    expect(compareBounded(matrix(12), matrix(12)).verdict).toBe('equal');
  });
});
