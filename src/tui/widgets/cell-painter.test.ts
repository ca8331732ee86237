import { describe, expect, it } from 'vitest';
import { type CellLine, paintLine } from './cell-painter.js';

function row(width: number): CellLine[] {
  return [
    Object.assign(
      Array.from({ length: width }, () => [0, 'x'] as [number, string]),
      { dirty: false },
    ),
  ];
}

const attr = () => 7;

describe('paintLine', () => {
  it('puts a CJK character in one cell and leaves the next as its empty second half', () => {
    const lines = row(6);
    const used = paintLine({ lines, x: 0, y: 0, width: 6 }, [{ text: '中文a' }], attr, 0);
    expect(used).toBe(5);
    expect(lines[0]!.map((cell) => cell[1])).toEqual(['中', '', '文', '', 'a', ' ']);
    expect(lines[0]!.dirty).toBe(true);
  });

  it('never lets a wide character straddle the edge of the area', () => {
    const lines = row(5);
    paintLine({ lines, x: 0, y: 0, width: 3 }, [{ text: '中文' }], attr, 0);
    expect(lines[0]!.map((cell) => cell[1])).toEqual(['中', '', ' ', 'x', 'x']);
  });

  it('writes an emoji over two blanks and re-positions the cursor after it', () => {
    const lines = row(4);
    paintLine({ lines, x: 1, y: 0, width: 3 }, [{ text: '✅a' }], attr, 0);
    expect(lines[0]![1]![1]).toBe('  \x1b[2G✅\x1b[4G');
    expect(lines[0]![2]![1]).toBe('');
    expect(lines[0]![3]![1]).toBe('a');
  });

  it('keeps a combining mark in the cell of its base character', () => {
    const lines = row(3);
    paintLine({ lines, x: 0, y: 0, width: 3 }, [{ text: 'e\u0301z' }], attr, 0);
    expect(lines[0]!.map((cell) => cell[1])).toEqual(['e\u0301', 'z', ' ']);
  });

  it('leaves the cells after the text alone when asked not to fill (titles over borders)', () => {
    const lines = row(4);
    paintLine({ lines, x: 0, y: 0, width: 4 }, [{ text: 'ab' }], attr, null);
    expect(lines[0]!.map((cell) => cell[1])).toEqual(['a', 'b', 'x', 'x']);
  });
});
