import { afterEach, describe, expect, it, vi } from 'vitest';
import { PacedChecks } from './paced-checks.js';

afterEach(() => vi.useRealTimers());

/** A check that takes `ms` of the fake clock, and the tags it was run for. */
function timedCheck(ms: number) {
  const runs: string[] = [];
  const check = async (tagId: string) => {
    runs.push(tagId);
    await new Promise((resolve) => setTimeout(resolve, ms));
  };
  return { runs, check };
}

describe('PacedChecks', () => {
  it('checks a tag at once, folds what arrives meanwhile into one later check, and keeps to a tenth of the time', async () => {
    vi.useFakeTimers();
    const { runs, check } = timedCheck(100);
    const paced = new PacedChecks(check, 0.1, () => Date.now());
    paced.note('a');
    expect(runs).toEqual(['a']);
    for (let i = 0; i < 5; i++) paced.note('a');
    await vi.advanceTimersByTimeAsync(100);
    // The first took 100 ms: the next waits 900 ms, and the five notes share it.
    expect(runs).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(850);
    expect(runs).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toEqual(['a', 'a']);
    // Another tag has a pace of its own.
    paced.note('b');
    expect(runs).toEqual(['a', 'a', 'b']);
  });

  it('flush runs the checks still due at once and resolves when they are done', async () => {
    vi.useFakeTimers();
    const { runs, check } = timedCheck(50);
    const paced = new PacedChecks(check, 0.1, () => Date.now());
    paced.note('a');
    paced.note('a');
    let flushed = false;
    const flushing = paced.flush().then(() => (flushed = true));
    await vi.advanceTimersByTimeAsync(50);
    // The second check did not wait the 450 ms pause.
    expect(runs).toEqual(['a', 'a']);
    expect(flushed).toBe(false);
    await vi.advanceTimersByTimeAsync(50);
    await flushing;
    expect(flushed).toBe(true);
  });

  it('stop drops the checks not yet started', async () => {
    vi.useFakeTimers();
    const { runs, check } = timedCheck(10);
    const paced = new PacedChecks(check, 0.1, () => Date.now());
    paced.note('a');
    await vi.advanceTimersByTimeAsync(10);
    paced.note('a');
    paced.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual(['a']);
  });
});
