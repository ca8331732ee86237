import { describe, expect, it } from 'vitest';
import { capItems } from './tag-cap.js';

function items(perQuestion: number[]): { id: string; questionId: string }[] {
  return perQuestion.flatMap((count, question) =>
    Array.from({ length: count }, (_, sample) => ({ id: `tabcdef-${question}-${sample}`, questionId: `tabcdef-${question}` })),
  );
}

describe('capItems', () => {
  it('keeps everything under the cap', () => {
    expect(capItems(items([2, 2]), 10, 0)).toHaveLength(4);
    expect(capItems(items([2, 2]), undefined, 0)).toHaveLength(4);
  });

  it('prefers one answer to each question over two answers to one', () => {
    const kept = capItems(items([4, 1, 1, 1]), 4, 0);
    expect(new Set(kept.map((item) => item.questionId)).size).toBe(4);
  });

  it('is the same for the same seed, keeps file order, and a new seed may pick others', () => {
    const all = items(Array.from({ length: 50 }, () => 1));
    const first = capItems(all, 10, 7);
    expect(capItems(all, 10, 7)).toEqual(first);
    expect(first.map((item) => all.indexOf(item))).toEqual([...first.map((item) => all.indexOf(item))].sort((a, b) => a - b));
    expect(capItems(all, 10, 8)).not.toEqual(first);
  });
});
