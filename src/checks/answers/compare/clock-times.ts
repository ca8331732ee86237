// A clock time with its half of the day ("2:30 PM", "12:15 a.m."), and one without.
const TWELVE_HOUR = /(\d{1,2}):(\d\d)\s*([ap])\.?\s*m\b\.?/gi;
const CLOCK = /(?<![\d.])(\d{1,2}):\d\d(?!\d)/;

/**
 * Clock times are compared on the 24-hour clock ("2:30 PM" is 14:30), except when only one
 * side says AM or PM and the other's time fits a 12-hour clock: "3:45" against "3:45 PM"
 * left the half of the day unsaid, so the AM/PM is dropped there instead.
 */
export function alignClockTimes(reference: string, answer: string): [string, string] {
  const refHalf = hasHalfOfDay(reference);
  if (refHalf === hasHalfOfDay(answer)) return [reference, answer];
  const plain = CLOCK.exec(refHalf ? answer : reference);
  if (!plain || Number(plain[1]) < 1 || Number(plain[1]) > 12) return [reference, answer];
  const drop = (text: string): string => text.replace(TWELVE_HOUR, '$1:$2');
  return refHalf ? [drop(reference), answer] : [reference, drop(answer)];
}

function hasHalfOfDay(text: string): boolean {
  TWELVE_HOUR.lastIndex = 0;
  return TWELVE_HOUR.test(text);
}
