import { describe, expect, it } from 'vitest';
import { readUnitScale } from './unit-scales.js';

describe('unit scales', () => {
  it('reads units by dimension, size and power, in English, Chinese and Russian', () => {
    expect(readUnitScale('km')).toEqual({ dimension: 'length', factor: '1000', power: 1 });
    expect(readUnitScale('cm^{2}')).toEqual({ dimension: 'length', factor: '0.01', power: 2 });
    expect(readUnitScale('square meters')).toEqual({ dimension: 'length', factor: '1', power: 2 });
    expect(readUnitScale('平方厘米')).toEqual({ dimension: 'length', factor: '0.01', power: 2 });
    expect(readUnitScale('кг')).toEqual({ dimension: 'mass', factor: '1000', power: 1 });
    expect(readUnitScale('hours')?.factor).toBe('3600');
  });

  it('knows nothing of units whose size is not fixed, or of counted nouns', () => {
    expect(readUnitScale('months')).toBeNull();
    expect(readUnitScale('square units')).toBeNull();
    expect(readUnitScale('apples')).toBeNull();
  });
});
