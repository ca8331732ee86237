import { describe, expect, it } from 'vitest';
import { coalescePerKey } from './coalesce-per-key.js';

describe('coalescePerKey', () => {
  it('runs one task per key at a time and folds the calls that arrive meanwhile into one more run', async () => {
    const runs: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const check = coalescePerKey(async (key) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      runs.push(key);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight--;
    });
    await Promise.all([check('a'), check('a'), check('a'), check('a'), check('b')]);
    expect(runs.filter((key) => key === 'a')).toHaveLength(2);
    expect(runs.filter((key) => key === 'b')).toHaveLength(1);
    expect(maxInFlight).toBe(2);
  });

  it('runs again after a failed run, and reports the failure to its caller', async () => {
    let calls = 0;
    const flaky = coalescePerKey(() => {
      calls++;
      return calls === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve();
    });
    await expect(flaky('t')).rejects.toThrow('disk full');
    await flaky('t');
    expect(calls).toBe(2);
  });
});
