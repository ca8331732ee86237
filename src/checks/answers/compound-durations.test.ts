import { describe, expect, it } from 'vitest';
import { readCompoundDuration } from './compound-durations.js';

describe('compound durations', () => {
  it('reads two or three units as one value, in the largest unit and in the smallest', () => {
    expect(readCompoundDuration('2 hours and 30 minutes')).toEqual({ largest: '2+\\frac{30\\cdot 60}{3600}', smallest: '2\\cdot 60+30' });
    expect(readCompoundDuration('1 h, 2 min and 30 s')?.smallest).toBe('1\\cdot 3600+2\\cdot 60+30');
    expect(readCompoundDuration('3 minutes 20 seconds')?.largest).toBe('3+\\frac{20\\cdot 1}{60}');
  });

  it('leaves a single unit, units out of order and other words alone', () => {
    expect(readCompoundDuration('30 minutes')).toBeNull();
    expect(readCompoundDuration('30 minutes and 2 hours')).toBeNull();
    expect(readCompoundDuration('2 hours and 30 miles')).toBeNull();
    expect(readCompoundDuration('2 hours and 30 minutes later')).toBeNull();
  });
});
