import { describe, expect, it } from 'vitest';
import { LazyWrap } from './lazy-wrap.js';
import { wrapText } from './wrap-text.js';

function allLines(wrap: LazyWrap): string[] {
  const lines: string[] = [];
  for (let line = wrap.line(0); line !== undefined; line = wrap.line(lines.length)) lines.push(line);
  return lines;
}

describe('LazyWrap (huge texts in the detail pane)', () => {
  it('wraps a long trace of paragraphs exactly as wrapping it whole would', () => {
    const paragraph = (i: number) => `Step ${i}: the lactate threshold rises with tempo work. 乳酸阈值随着节奏跑训练而提高。`.repeat(3);
    const text = Array.from({ length: 2_000 }, (_, i) => paragraph(i)).join('\r\n');
    const wrap = new LazyWrap(text, 70);
    expect(allLines(wrap)).toEqual(wrapText(text.replace(/\r\n/g, '\n'), 70));
    expect(wrap.complete).toBe(true);
    expect(wrap.length).toBe(wrapText(text.replace(/\r\n/g, '\n'), 70).length);
  });

  it('keeps every character of one huge paragraph with no line breaks, in order, within the width', () => {
    const text = 'nynyny '.repeat(20_000) + 'x'.repeat(50_000);
    const lines = allLines(new LazyWrap(text, 60));
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
    expect(lines.every((line) => line.length <= 60)).toBe(true);
  });

  it('reads a line far down without wrapping the rest, and estimates the length until the end is read', () => {
    const text = 'A sentence of the answer that goes on. '.repeat(500_000); // ~20 MB
    const wrap = new LazyWrap(text, 100);
    expect(wrap.line(10)).toBe(wrapText(text.slice(0, 5_000), 100)[10]);
    expect(wrap.complete).toBe(false);
    expect(wrap.length).toBeGreaterThan(150_000);
  });

  it('never lets control characters of model text through', () => {
    const text = 'plain text \u001b[31mred\u001b[0m and a bell \u0007 here. '.repeat(2_000);
    const lines = allLines(new LazyWrap(text, 80));
    const controls = lines.filter((line) => [...line].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f));
    expect(controls).toEqual([]);
    expect(lines.join(' ')).toContain('red');
  });
});
