/**
 * Durations written in two or three units, as word problems answer them: "2 hours and 30 minutes",
 * "1 h 15 min", "3 minutes 20 seconds". They are one value: in the largest unit named (2.5 hours),
 * or, against a reference in the smallest one, in that (150 minutes).
 */

const UNIT_SECONDS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };
const UNIT = String.raw`(?:days?|hours?|hrs?|h|minutes?|mins?|min|m|seconds?|secs?|s)`;
const PART = String.raw`\d+(?:\.\d+)?\s*${UNIT}`;
const JOINT = String.raw`\s*(?:,\s*)?(?:and\s+)?`;

/** The source of a compound duration, for the extraction patterns ("2 hours and 30 minutes"). */
export const COMPOUND_DURATION_SOURCE = String.raw`\d+(?:\.\d+)?\s*${UNIT}(?:${JOINT}${PART}){1,2}(?![A-Za-z])`;
const WHOLE = new RegExp(String.raw`^\s*(${COMPOUND_DURATION_SOURCE})\s*$`, 'i');
const PARTS = new RegExp(String.raw`(\d+(?:\.\d+)?)\s*(${UNIT})(?![A-Za-z])`, 'gi');

export interface CompoundDuration {
  /** The value in the largest unit named, as math ("2+\frac{30}{60}"). */
  largest: string;
  /** The value in the smallest unit named ("150"). */
  smallest: string;
}

/** Reads a whole answer that is a compound duration; null for anything else (a single "30 minutes" too). */
export function readCompoundDuration(text: string): CompoundDuration | null {
  if (!WHOLE.test(text)) return null;
  const parts = [...text.matchAll(PARTS)].map((match) => ({ value: match[1]!, seconds: UNIT_SECONDS[unitLetter(match[2]!)]! }));
  // each unit smaller than the one before it: "2 hours 30 minutes", never "30 minutes 2 hours" or "2 h 3 h"
  if (parts.length < 2 || parts.some((part, i) => i > 0 && part.seconds >= parts[i - 1]!.seconds)) return null;
  const largest = parts[0]!.seconds;
  const smallest = parts[parts.length - 1]!.seconds;
  return {
    largest: parts
      .map((part) => (part.seconds === largest ? part.value : `\\frac{${part.value}\\cdot ${part.seconds}}{${largest}}`))
      .join('+'),
    smallest: parts.map((part) => (part.seconds === smallest ? part.value : `${part.value}\\cdot ${part.seconds / smallest}`)).join('+'),
  };
}

function unitLetter(unit: string): string {
  const lower = unit.toLowerCase();
  return lower.startsWith('mi') || lower === 'm' ? 'm' : lower[0]!;
}
