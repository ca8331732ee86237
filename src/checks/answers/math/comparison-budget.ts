/**
 * Every comparison runs under a budget of steps and a wall-clock deadline, so a
 * pathological answer (a tower of powers, a huge factorial, a thousand nested
 * brackets) ends as "could not compare" instead of hanging the check. The steps
 * decide (the same verdict on a busy machine as on an idle one); the deadline is
 * a safety net set well above what the steps allow.
 */
export class BudgetExceeded extends Error {
  override name = 'BudgetExceeded';
}

export class ComparisonBudget {
  private steps: number;
  private readonly deadline: number;
  private sinceClockCheck = 0;

  constructor(steps = 200_000, milliseconds = 300) {
    this.steps = steps;
    this.deadline = performance.now() + milliseconds;
  }

  /** Charges `cost` steps; throws BudgetExceeded when the steps or the time run out. */
  spend(cost = 1): void {
    this.steps -= cost;
    if (this.steps < 0) throw new BudgetExceeded('too many steps');
    this.sinceClockCheck += cost;
    if (this.sinceClockCheck >= 512) {
      this.sinceClockCheck = 0;
      if (performance.now() > this.deadline) throw new BudgetExceeded('out of time');
    }
  }
}
