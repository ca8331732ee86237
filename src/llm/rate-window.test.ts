import { describe, expect, it } from 'vitest';
import { RateWindow } from './rate-window.js';

describe('RateWindow', () => {
  it('lets requests through until the per-minute allowance, then says how long to wait', async () => {
    let now = 0;
    const window = new RateWindow(3, null, () => now);
    for (let i = 0; i < 3; i++) {
      await window.admit();
      now += 1_000;
    }
    expect(window.waitMs()).toBe(57_000);
    now = 60_001;
    expect(window.waitMs()).toBe(0);
  });

  it('counts the tokens of what came back against the tokens-per-minute allowance', async () => {
    let now = 0;
    const window = new RateWindow(null, 1_000, () => now);
    (await window.admit()).record(600);
    expect(window.waitMs()).toBe(0);
    now = 10_000;
    (await window.admit()).record(500);
    expect(window.waitMs()).toBe(50_000);
  });

  it('costs nothing when the teacher has no limits', () => {
    expect(new RateWindow(null, null).limited).toBe(false);
  });
});
