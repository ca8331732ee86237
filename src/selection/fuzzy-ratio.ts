// The fuzzy ratio of two texts (as in OpenThoughts' decontamination and rapidfuzz's `ratio`):
// 1 - indel distance / total length, where the indel distance counts the characters inserted or
// deleted to turn one text into the other. Only whether it reaches a threshold matters, so the
// distance is computed inside a band and abandoned as soon as it cannot.

/**
 * The ratio when it is at least `minRatio`, else 0. The work is about
 * length × band (the band is the distance the threshold allows), not length².
 */
export function fuzzyRatioAtLeast(a: string, b: string, minRatio: number): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  const allowed = Math.floor((1 - minRatio) * total + 1e-9);
  if (Math.abs(a.length - b.length) > allowed) return 0;
  const distance = bandedIndelDistance(a, b, allowed);
  if (distance > allowed) return 0;
  return 1 - distance / total;
}

/** The indel distance of a and b, or a number above `limit` once it surely exceeds it. */
function bandedIndelDistance(a: string, b: string, limit: number): number {
  const n = a.length;
  const m = b.length;
  const over = limit + 1;
  // Row i holds, for j in [i - limit, i + limit], the distance of a[0..i) and b[0..j).
  let previous = new Int32Array(m + 1).fill(over);
  let current = new Int32Array(m + 1).fill(over);
  for (let j = 0; j <= Math.min(m, limit); j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    const from = Math.max(0, i - limit);
    const to = Math.min(m, i + limit);
    if (from > 0) current[from - 1] = over;
    let best = over;
    for (let j = from; j <= to; j++) {
      let value: number;
      if (j === 0) value = i;
      else if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) value = previous[j - 1]!;
      else value = Math.min(previous[j]!, current[j - 1]!) + 1;
      if (value > over) value = over;
      current[j] = value;
      if (value < best) best = value;
    }
    if (to < m) current[to + 1] = over;
    if (best > limit) return over;
    [previous, current] = [current, previous];
  }
  return previous[m]!;
}
