import { describe, expect, it } from 'vitest';
import { readCalendarDate } from './calendar-dates.js';

describe('calendar dates', () => {
  it('reads the notations answers write to one form', () => {
    expect(readCalendarDate('2015-03-14')).toBe('2015-03-14');
    expect(readCalendarDate('March 14, 2015')).toBe('2015-03-14');
    expect(readCalendarDate('Mar. 14th, 2015')).toBe('2015-03-14');
    expect(readCalendarDate('14 March 2015')).toBe('2015-03-14');
    expect(readCalendarDate('2015年3月14日')).toBe('2015-03-14');
  });

  it('leaves what is not a whole, valid date alone, and a date whose order cannot be told', () => {
    expect(readCalendarDate('3/14/2015')).toBeNull();
    expect(readCalendarDate('2015-13-01')).toBeNull();
    expect(readCalendarDate('2015')).toBeNull();
    expect(readCalendarDate('It was March 14, 2015')).toBeNull();
  });
});
