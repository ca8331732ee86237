import type { ComparisonBudget } from '../math/comparison-budget.js';

/** What a comparison concludes: the same answer, a different one, or that it could not tell. */
export type Verdict = 'equal' | 'different' | 'unknown';

/** What a comparison knows besides the two expressions. */
export interface CompareContext {
  budget: ComparisonBudget;
  /** Decimal places the question asks to round to (2 for "nearest hundredth"), or null. */
  roundingPlaces: number | null;
  /** The question asks for a percentage: 62.5 and 0.625 are the same answer. */
  asksPercent: boolean;
  /** The answer said it is approximate (≈): its last digit is a rounding. */
  answerApproximate: boolean;
}

/** Equal when every part is equal; different when one is; unknown otherwise. */
export function allOf(verdicts: Iterable<Verdict>): Verdict {
  let result: Verdict = 'equal';
  for (const verdict of verdicts) {
    if (verdict === 'different') return 'different';
    if (verdict === 'unknown') result = 'unknown';
  }
  return result;
}

/** Equal when any alternative is; unknown when none is but one could not be told. */
export function anyOf(verdicts: Iterable<Verdict>): Verdict {
  let result: Verdict = 'different';
  for (const verdict of verdicts) {
    if (verdict === 'equal') return 'equal';
    if (verdict === 'unknown') result = 'unknown';
  }
  return result;
}
