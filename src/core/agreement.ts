// Agreement between two reviewers on accept/reject, as Cohen's kappa over a 2×2 table of pairs
// (first reviewer's vote × second reviewer's vote). Tables add up, so per-tag tables kept by the
// store's counters sum to the project's.
import type { VoteStatus } from './review-resolution.js';

/** [first accepted & second accepted, accepted & rejected, rejected & accepted, rejected & rejected] */
export type AgreementTable = [number, number, number, number];

export interface Agreement {
  /** null when it is undefined: no pairs, or both reviewers always gave the same single answer. */
  kappa: number | null;
  pairs: number;
  /** Share of pairs where the two reviewers agreed; null with no pairs. */
  observed: number | null;
}

export function emptyTable(): AgreementTable {
  return [0, 0, 0, 0];
}

export function addPair(table: AgreementTable, first: VoteStatus, second: VoteStatus): void {
  table[(first === 'accepted' ? 0 : 2) + (second === 'accepted' ? 0 : 1)]! += 1;
}

export function addTables(into: AgreementTable, table: Readonly<AgreementTable>): void {
  for (let i = 0; i < 4; i++) into[i]! += table[i]!;
}

export function cohensKappa(table: Readonly<AgreementTable>): Agreement {
  const [aa, ar, ra, rr] = table;
  const pairs = aa + ar + ra + rr;
  if (pairs === 0) return { kappa: null, pairs: 0, observed: null };
  const observed = (aa + rr) / pairs;
  const firstAccepts = (aa + ar) / pairs;
  const secondAccepts = (aa + ra) / pairs;
  const expected = firstAccepts * secondAccepts + (1 - firstAccepts) * (1 - secondAccepts);
  const kappa = expected === 1 ? null : (observed - expected) / (1 - expected);
  return { kappa: kappa === null ? null : round(kappa), pairs, observed: round(observed) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
