/** What ranking needs to know of one candidate of a question. */
export interface RankInput {
  passing: boolean;
  /** Soft rules that fired (flags that did not fail the candidate). */
  softFlags: number;
  /** 1 matches the reference, 0 differs, -1 no reference. */
  referenceMatch: number;
  /** In the largest group of equivalent final answers of its question. */
  agreesWithMajority: boolean;
  tokens: number;
}

/**
 * Ranks the passing candidates of one question, best first (0 is the preferred
 * one); failing candidates get -1. Order: matches the reference, agrees with the
 * majority, fewest soft flags, length closest to the median of the passing
 * candidates (neither the terse nor the rambling one), then sample order.
 */
export function rankCandidates(items: readonly RankInput[]): Int32Array {
  const ranks = new Int32Array(items.length).fill(-1);
  const passing = items.map((item, index) => ({ item, index })).filter(({ item }) => item.passing);
  if (passing.length === 0) return ranks;
  const median = medianOf(passing.map(({ item }) => item.tokens));
  passing.sort(
    (a, b) =>
      b.item.referenceMatch - a.item.referenceMatch ||
      Number(b.item.agreesWithMajority) - Number(a.item.agreesWithMajority) ||
      a.item.softFlags - b.item.softFlags ||
      Math.abs(a.item.tokens - median) - Math.abs(b.item.tokens - median) ||
      a.index - b.index,
  );
  passing.forEach(({ index }, rank) => (ranks[index] = rank));
  return ranks;
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
