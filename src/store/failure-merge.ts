import type { Failure } from '../core/types.js';

/** The failure list after a run: what now succeeded is forgotten, attempts of a repeated failure add up. */
export function mergeFailures(existing: readonly Failure[], failed: readonly Failure[], succeeded: Iterable<string>): Failure[] {
  const done = new Set(succeeded);
  const byTarget = new Map<string, Failure>();
  for (const failure of existing) if (!done.has(failure.target)) byTarget.set(failure.target, failure);
  for (const failure of failed) {
    const previous = byTarget.get(failure.target);
    byTarget.set(failure.target, { ...failure, attempts: (previous?.attempts ?? 0) + failure.attempts });
  }
  return [...byTarget.values()];
}
