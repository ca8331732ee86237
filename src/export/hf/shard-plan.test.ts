import { describe, expect, it } from 'vitest';
import { planShards } from './shard-plan.js';

describe('planShards', () => {
  it('cuts consecutive tags once a shard holds enough candidates, keeping tags counted as empty', () => {
    expect(planShards([30, 0, 30, 10, 50, 5, 0], 50)).toEqual([
      { index: 0, tags: [0, 1, 2] },
      { index: 1, tags: [3, 4] },
      { index: 2, tags: [5, 6] },
    ]);
  });

  it('gives one shard to a small export and none to an empty tag list', () => {
    expect(planShards([3, 4])).toEqual([{ index: 0, tags: [0, 1] }]);
    expect(planShards([])).toEqual([]);
  });
});
