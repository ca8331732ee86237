import { describe, expect, it } from 'vitest';
import { spreadSamples, WeightedRoundRobin } from './weighted-spread.js';

function tally(owners: number[], teachers: number): number[] {
  const counts = new Array<number>(teachers).fill(0);
  for (const owner of owners) counts[owner]!++;
  return counts;
}

describe('spreadSamples', () => {
  it('gives each teacher its weight of a question’s K samples, rounded either way', () => {
    for (const key of ['q1', 'q2', 'tabc123-7', '什么是气血？']) {
      expect(tally(spreadSamples(key, 4, [1, 1]), 2)).toEqual([2, 2]);
      expect(tally(spreadSamples(key, 4, [3, 1]), 2)).toEqual([3, 1]);
      const thirds = tally(spreadSamples(key, 4, [1, 1, 1]), 3);
      expect(thirds.every((count) => count === 1 || count === 2)).toBe(true);
      expect(thirds.reduce((a, b) => a + b)).toBe(4);
    }
  });

  it('follows the weights across questions when there is one sample each', () => {
    const owners = Array.from({ length: 3000 }, (_, i) => spreadSamples(`question ${i}`, 1, [2, 1])[0]!);
    const [first, second] = tally(owners, 2);
    expect(first! / 3000).toBeGreaterThan(0.62);
    expect(first! / 3000).toBeLessThan(0.71);
    expect(second).toBe(3000 - first!);
  });

  it('asks the same teacher for the same sample every time', () => {
    expect(spreadSamples('q', 8, [1, 2, 3])).toEqual(spreadSamples('q', 8, [1, 2, 3]));
  });
});

describe('WeightedRoundRobin', () => {
  it('interleaves picks by weight', () => {
    const robin = new WeightedRoundRobin();
    const teachers = [
      { name: 'a', weight: 2 },
      { name: 'b', weight: 1 },
    ];
    const picks = Array.from({ length: 6 }, () => robin.pick(teachers)!.name);
    expect(picks).toEqual(['a', 'b', 'a', 'a', 'b', 'a']);
  });
});
