// Case-insensitive substring search over a list, wrapping around.

/**
 * Index of the next item (after `from`, or at it when `inclusive`) whose text contains `query`,
 * in `direction`; -1 when none does.
 */
export function findMatch(
  count: number,
  textAt: (index: number) => string,
  query: string,
  from: number,
  direction: 1 | -1,
  inclusive: boolean,
): number {
  const needle = query.toLocaleLowerCase();
  if (!needle || count === 0) return -1;
  const start = Math.max(0, Math.min(count - 1, from));
  for (let step = inclusive ? 0 : 1; step <= count; step++) {
    const index = (((start + direction * step) % count) + count) % count;
    if (textAt(index).toLocaleLowerCase().includes(needle)) return index;
  }
  return -1;
}
