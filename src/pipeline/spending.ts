import { DistillError } from '../core/distill-error.js';

/** Thrown before a request that the budget no longer allows: the item is left for a later run, not failed. */
export class BudgetReachedError extends DistillError {
  override name = 'BudgetReachedError';
}

/**
 * What a run has spent at the teachers' prices, and its `--budget`. The check
 * happens before each request is sent, so a run stops within one concurrency
 * window of the limit: the requests already in flight finish and are kept.
 */
export class Spending {
  spent = 0;
  /** Requests whose cost is unknown (no price, or no usage reported). */
  unpriced = 0;
  private priced = false;
  reached = false;

  constructor(readonly budget: number | null = null) {}

  add(cost: number | null): void {
    if (cost === null) {
      this.unpriced++;
      return;
    }
    this.priced = true;
    this.spent += cost;
  }

  /** Total cost so far; null when no request had a known price. */
  get cost(): number | null {
    return this.priced ? this.spent : null;
  }

  /** Throws when the budget is used up; call before sending a request. */
  check(): void {
    if (this.budget === null || this.spent < this.budget) return;
    this.reached = true;
    throw new BudgetReachedError(`the budget of ${formatUsd(this.budget)} is spent`);
  }
}

export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (amount < 0.01) return `$${amount.toFixed(4)}`;
  return `$${amount.toFixed(2)}`;
}
