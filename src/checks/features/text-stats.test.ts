import { describe, expect, it } from 'vitest';
import { measureText } from './text-stats.js';
import { readLabelled } from '../test-support/labelled-sets.js';

describe('measureText', () => {
  // token-counts.jsonl holds texts with their o200k_base token counts, recorded once
  // with gpt-tokenizer (too slow to run per candidate; see text-stats.ts).
  const recorded = readLabelled<{ o200k: number; text: string }>('token-counts.jsonl');

  it('estimates tokens within 10% over a mixed English/Chinese corpus', () => {
    const actual = recorded.reduce((sum, row) => sum + row.o200k, 0);
    const estimated = recorded.reduce((sum, row) => sum + measureText(row.text).tokens, 0);
    expect(Math.abs(estimated / actual - 1)).toBeLessThan(0.1);
  });

  it('estimates each long text within 25%', () => {
    const off = recorded
      .filter((row) => row.o200k >= 150)
      .map((row) => ({ ratio: measureText(row.text).tokens / row.o200k, start: row.text.slice(0, 30) }))
      .filter(({ ratio }) => Math.abs(ratio - 1) > 0.25);
    expect(off).toEqual([]);
  });

  it('counts characters as code points and finds the longest paragraph', () => {
    const stats = measureText('第一段。\n\n𠀀second paragraph is longer\n\nend');
    expect(stats.chars).toBe(4 + 2 + 27 + 2 + 3);
    expect(stats.maxParagraphChars).toBe(27);
    expect(stats.paragraphs).toBe(3);
  });
});
