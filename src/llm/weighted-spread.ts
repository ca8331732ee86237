// How work is shared among teachers by weight. Both ways are deterministic, so a
// rerun asks the same teacher for the same sample while the pool is unchanged.

/**
 * The teacher (index into `weights`) for each sample 0..k-1 of one question:
 * systematic sampling, k evenly spaced points from an offset drawn from the
 * question's id, over the teachers' cumulative weights. Each teacher gets
 * ⌊k·w/W⌋ or ⌈k·w/W⌉ of the question's samples, and across questions exactly
 * its weight's share on average (with k = 1, questions alternate by weight).
 */
export function spreadSamples(questionKey: string, k: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (weights.length === 0 || total <= 0) return [];
  const offset = unitHash(questionKey);
  const owners: number[] = [];
  for (let sample = 0; sample < k; sample++) {
    const point = ((offset + sample) / k) * total;
    let cumulative = 0;
    let owner = weights.length - 1;
    for (let index = 0; index < weights.length; index++) {
      cumulative += weights[index]!;
      if (point < cumulative) {
        owner = index;
        break;
      }
    }
    owners.push(owner);
  }
  return owners;
}

/**
 * Smooth weighted round robin (as nginx balances upstreams): each pick goes to
 * the teacher furthest behind its share, so picks interleave ("a b a", not
 * "a a b") and follow the weights exactly over every cycle.
 */
export class WeightedRoundRobin {
  private readonly current = new Map<string, number>();

  pick<T extends { name: string; weight: number }>(candidates: readonly T[]): T | undefined {
    let best: T | undefined;
    let total = 0;
    for (const candidate of candidates) {
      total += candidate.weight;
      const value = (this.current.get(candidate.name) ?? 0) + candidate.weight;
      this.current.set(candidate.name, value);
      if (!best || value > this.current.get(best.name)!) best = candidate;
    }
    if (best) this.current.set(best.name, this.current.get(best.name)! - total);
    return best;
  }
}

/** FNV-1a of the key, as a number in [0, 1). */
function unitHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 4294967296;
}
