import { getHeapStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { HeapRelease } from './heap-release.js';

describe('heap release', () => {
  it('gives back what a pass dropped, not only when V8 would', () => {
    const heap = new HeapRelease();
    heap.now();
    const base = getHeapStatistics().used_heap_size;
    // 64 MB or so of objects, dropped once measured (one tag's parsed candidates, many times over).
    const made = ((): { grown: number; count: number } => {
      const dropped = Array.from({ length: 400_000 }, (_, i) => ({ text: `candidate ${i} `.repeat(8) }));
      return { grown: getHeapStatistics().used_heap_size - base, count: dropped.length };
    })();
    expect(made.count).toBe(400_000);
    expect(made.grown).toBeGreaterThan(32 * 1024 * 1024);
    heap.now();
    expect(getHeapStatistics().used_heap_size - base).toBeLessThan(16 * 1024 * 1024);
  });
});
