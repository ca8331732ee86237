import { describe, expect, it } from 'vitest';
import { findMatch } from './search.js';

const items = ['Marathon pacing', 'VO2max', '乳酸阈值', 'marathon taper'];
const textAt = (i: number) => items[i]!;

describe('findMatch', () => {
  it('finds the next match after the current row, case-insensitively, wrapping around', () => {
    expect(findMatch(items.length, textAt, 'MARATHON', 0, 1, false)).toBe(3);
    expect(findMatch(items.length, textAt, 'marathon', 3, 1, false)).toBe(0);
  });

  it('searches backwards for previous', () => {
    expect(findMatch(items.length, textAt, 'marathon', 0, -1, false)).toBe(3);
  });

  it('includes the current row for a fresh search and finds Chinese text', () => {
    expect(findMatch(items.length, textAt, '乳酸', 2, 1, true)).toBe(2);
  });

  it('returns -1 when nothing matches', () => {
    expect(findMatch(items.length, textAt, 'swimming', 0, 1, true)).toBe(-1);
  });
});
