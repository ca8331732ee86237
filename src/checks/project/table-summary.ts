import type { FeatureTable } from '../features/feature-table.js';
import { RULE_IDS, type RuleId } from '../rules/rule-ids.js';
import type { Rules } from '../rules/rules-config.js';
import { evaluateRules, failingMask } from '../rules/rules.js';

/** One tag's counts after a check. */
export interface TagFlagSummary {
  candidates: number;
  passing: number;
  failing: number;
  /** Candidates with any flag, soft ones included (what the review tree shows as ⚑). */
  flagged: number;
  flags: Partial<Record<RuleId, number>>;
}

/** Per-tag counts of the last check, for the TUI tree and `stats`, valid for the rules they were computed with. */
export interface FlagSummaryFile {
  rules: string;
  /** `source`: what the tag's table was computed from (tagSource); the same source under the same rules gives the same counts. */
  tags: Record<string, TagFlagSummary & { candidatesVersion?: string; source?: string }>;
}

export function emptyFlagCounts(): Record<RuleId, number> {
  return Object.fromEntries(RULE_IDS.map((rule) => [rule, 0])) as Record<RuleId, number>;
}

/** The key a summary is valid under: the thresholds it was computed with. */
export function rulesFingerprint(rules: Rules): string {
  return JSON.stringify(rules);
}

/** Passing, failing and flagged counts of a table under `rules`; `masks` is reused when given. */
export function summarizeTable(table: FeatureTable, rules: Rules, masks?: Uint32Array): TagFlagSummary {
  const fired = evaluateRules(table, rules, masks && masks.length >= table.size ? masks : undefined);
  return summarizeMasks(fired, table.size, rules);
}

/** The same counts from the rows' fired-rule masks (the first `size` of `fired`). */
export function summarizeMasks(fired: Uint32Array, size: number, rules: Rules): TagFlagSummary {
  // Rows share a handful of distinct masks: count each mask once, then spread its count over its bits.
  const rowsByMask = new Map<number, number>();
  let previous = -1;
  let run = 0;
  for (let row = 0; row < size; row++) {
    const mask = fired[row]!;
    if (mask === previous) {
      run++;
      continue;
    }
    if (run > 0) rowsByMask.set(previous, (rowsByMask.get(previous) ?? 0) + run);
    previous = mask;
    run = 1;
  }
  if (run > 0) rowsByMask.set(previous, (rowsByMask.get(previous) ?? 0) + run);
  const counts = new Array<number>(RULE_IDS.length).fill(0);
  const failing = failingMask(rules);
  let passing = 0;
  let flagged = 0;
  for (const [mask, rows] of rowsByMask) {
    if ((mask & failing) === 0) passing += rows;
    if (mask === 0) continue;
    flagged += rows;
    for (let bit = 0; bit < counts.length; bit++) if (mask & (1 << bit)) counts[bit]! += rows;
  }
  const flags: Partial<Record<RuleId, number>> = {};
  counts.forEach((count, bit) => {
    if (count > 0) flags[RULE_IDS[bit]!] = count;
  });
  return { candidates: size, passing, failing: size - passing, flagged, flags };
}
