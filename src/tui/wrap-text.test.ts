import { describe, expect, it } from 'vitest';
import { charWidth, fitToWidth, stringWidth, truncateToWidth } from './text-width.js';
import { WrapCache } from './wrap-cache.js';
import { wrapText } from './wrap-text.js';

describe('stringWidth', () => {
  it('counts CJK ideographs and full-width punctuation as two columns', () => {
    expect(stringWidth('abc')).toBe(3);
    expect(stringWidth('中文')).toBe(4);
    expect(stringWidth('答案：４２。')).toBe(12);
  });

  it('counts combining marks and zero-width characters as nothing', () => {
    expect(stringWidth('e\u0301')).toBe(1);
    expect(stringWidth('a\u200bb')).toBe(2);
  });

  it('counts emoji as two columns', () => {
    expect(charWidth('😀'.codePointAt(0)!)).toBe(2);
    expect(stringWidth('ok ✅')).toBe(5);
  });
});

describe('truncateToWidth and fitToWidth', () => {
  it('never splits a wide character', () => {
    expect(truncateToWidth('中文字', 5)).toBe('中文');
  });

  it('pads to the exact width and marks a cut with an ellipsis', () => {
    expect(fitToWidth('ab', 4)).toBe('ab  ');
    expect(fitToWidth('中文字符', 6)).toBe('中文… ');
    expect(stringWidth(fitToWidth('中文字符', 6))).toBe(6);
  });
});

describe('wrapText', () => {
  it('wraps English at spaces without trailing or leading spaces', () => {
    expect(wrapText('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
  });

  it('cuts a word longer than the line', () => {
    expect(wrapText('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
  });

  it("cuts a long path after a '/', keeping the file name whole", () => {
    expect(wrapText('/tmp/distill-x/project/data/candidates/t1a2b3c.jsonl is corrupt', 40)).toEqual([
      '/tmp/distill-x/project/data/candidates/',
      't1a2b3c.jsonl is corrupt',
    ]);
  });

  it('keeps explicit line breaks and empty lines', () => {
    expect(wrapText('a\n\nb', 10)).toEqual(['a', '', 'b']);
  });

  it('wraps Chinese between ideographs by column count', () => {
    const lines = wrapText('马拉松训练需要循序渐进地增加跑量', 10);
    expect(lines).toEqual(['马拉松训练', '需要循序渐', '进地增加跑', '量']);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(10);
  });

  it('does not start a line with closing punctuation', () => {
    const lines = wrapText('一二三四，五六', 8);
    expect(lines[1]!.startsWith('，')).toBe(false);
    expect(lines.join('')).toBe('一二三四，五六');
  });

  it('mixes Latin words and ideographs on one line', () => {
    const lines = wrapText('使用 VO2max 评估有氧能力', 12);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(12);
    expect(lines.join('')).toContain('VO2max');
  });

  it('never drops text', () => {
    const text = 'Lactate threshold 乳酸阈 is the exercise intensity at which 血乳酸 accumulates.';
    const joined = wrapText(text, 7).join('').replace(/ /g, '');
    expect(joined).toBe(text.replace(/ /g, ''));
  });
});

describe('WrapCache', () => {
  it('returns the same lines for the same key and width and rewraps at a new width', () => {
    const cache = new WrapCache(4);
    let produced = 0;
    const text = () => {
      produced++;
      return 'one two three';
    };
    const first = cache.get('c1', 7, text);
    expect(cache.get('c1', 7, text)).toBe(first);
    expect(produced).toBe(1);
    expect(cache.get('c1', 20, text)).toEqual(['one two three']);
  });
});
