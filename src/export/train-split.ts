// The train/validation split is by question, not by record, so two answers to one question never
// sit on both sides. A question's side comes from a seeded hash of its id; the cut is placed so
// that the validation share is as asked (at least one question when there are two or more).
import { seededUnit } from './seeded-hash.js';

export interface SplitPlan {
  /** Questions whose draw is below this go to validation. */
  cut: number;
  validationQuestions: number;
  trainQuestions: number;
}

export function questionDraw(seed: number, questionId: string): number {
  return seededUnit(seed, questionId);
}

/** `draws` holds one draw per exported question; `split` is the training share, 0 < split < 1. */
export function planSplit(draws: Float64Array, split: number): SplitPlan {
  const total = draws.length;
  let validation = Math.round(total * (1 - split));
  if (total >= 2) validation = Math.min(Math.max(validation, 1), total - 1);
  else validation = 0;
  if (validation === 0) return { cut: 0, validationQuestions: 0, trainQuestions: total };
  const sorted = Float64Array.from(draws).sort();
  // Every draw strictly below the (validation)-th smallest is validation; the cut sits just above it.
  const last = sorted[validation - 1]!;
  const next = sorted[validation] ?? 1;
  return { cut: (last + next) / 2, validationQuestions: validation, trainQuestions: total - validation };
}

export function isValidation(plan: SplitPlan, draw: number): boolean {
  return draw < plan.cut;
}
