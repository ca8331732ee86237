/**
 * A calendar date written as answers write it: "2015-03-14", "March 14, 2015", "14 March 2015",
 * "Mar. 14, 2015", "2015年3月14日". Read to one form (2015-03-14) so that the notations compare;
 * "3/14/2015" is left alone (month first or day first cannot be told).
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const MONTH_FIRST = new RegExp(String.raw`^${MONTH}\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$`, 'i');
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH},?\s+(\d{4})$`, 'i');
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]$/;

/** The date as YYYY-MM-DD, or null when the text is not a whole date. */
export function readCalendarDate(text: string): string | null {
  const trimmed = text.trim().replace(/[.。]$/, '');
  if (trimmed.length > 30 || !/\d{4}/.test(trimmed)) return null;
  let parts: [string, number, string] | null = null;
  const iso = ISO.exec(trimmed) ?? CHINESE.exec(trimmed);
  if (iso) parts = [iso[1]!, Number(iso[2]), iso[3]!];
  const monthFirst = MONTH_FIRST.exec(trimmed);
  if (monthFirst) parts = [monthFirst[3]!, monthNumber(monthFirst[1]!), monthFirst[2]!];
  const dayFirst = DAY_FIRST.exec(trimmed);
  if (dayFirst) parts = [dayFirst[3]!, monthNumber(dayFirst[2]!), dayFirst[1]!];
  if (!parts) return null;
  const [year, month, day] = parts;
  if (month < 1 || month > 12 || Number(day) < 1 || Number(day) > 31) return null;
  return `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}
