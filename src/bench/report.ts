/** One measured figure: printed as a row, with the target it is held to. */
export type Report = (name: string, value: number, unit: string, target?: string) => void;

export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const index = Math.min(sortedAscending.length - 1, Math.ceil((p / 100) * sortedAscending.length) - 1);
  return sortedAscending[Math.max(0, index)]!;
}

export function printRow(name: string, value: number, unit: string, target?: string): void {
  const shown = Number.isInteger(value) ? String(value) : value >= 100 ? value.toFixed(0) : value.toFixed(2);
  process.stdout.write(`${name.padEnd(58)} ${shown.padStart(10)} ${unit.padEnd(10)} ${target ? `target ${target}` : ''}\n`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
