import type { FeatureTable } from '../features/feature-table.js';
import type { RuleDefinition } from './rule-definition.js';
import { ALL_RULES_MASK, rulesOfMask, type RuleId } from './rule-ids.js';
import { RULE_TABLE } from './rule-table.js';
import { maskOf, settingsOf, type Rules } from './rules-config.js';

export interface Flag {
  rule: RuleId;
  detail: string;
  /** The text the flag is about, when the rule keeps one (contaminated: the benchmark item). */
  evidence?: string;
}

// The table's entries seen alike: each one's condition reads its own settings group.
const RULES = RULE_TABLE as readonly RuleDefinition[];

/**
 * Fires every rule on every row: thresholds and comparisons over cached numbers,
 * no text work, so a threshold change over a million candidates costs milliseconds.
 * Rule by rule, so each inner loop runs one condition. Returns one bit mask of
 * fired rules per row (bit i: RULE_IDS[i]). With `which`, only the rules of
 * those bits are evaluated again, and the other bits of `out` are kept (the
 * masks of a re-check where only some rules' settings changed).
 */
export function evaluateRules(
  table: FeatureTable,
  rules: Rules,
  out: Uint32Array = new Uint32Array(table.size),
  which: number = ALL_RULES_MASK,
): Uint32Array {
  const enabled = ~maskOf(rules.disabled);
  const columns = table.numbers;
  const size = table.size;
  if (which === ALL_RULES_MASK) out.fill(0, 0, size);
  else if (which !== 0) {
    const keep = ~which;
    for (let row = 0; row < size; row++) out[row]! &= keep;
  }
  RULES.forEach((rule, index) => {
    const bit = (1 << index) >>> 0;
    if ((enabled & bit) === 0 || (which & bit) === 0) return;
    const settings = settingsOf(rules, rule);
    // A Uint32Array stores the int32 of `|` as its unsigned value: bit 31 survives.
    for (let row = 0; row < size; row++) if (rule.fires(columns, row, settings)) out[row]! |= bit;
  });
  return out;
}

/** Fails unless every fired rule is soft. */
export function verdictOf(mask: number, rules: Rules): 'pass' | 'fail' {
  return (mask & failingMask(rules)) === 0 ? 'pass' : 'fail';
}

/** Bits of the rules that fail a candidate (all but the soft ones); for loops over many masks. */
export function failingMask(rules: Rules): number {
  return (ALL_RULES_MASK & ~maskOf(rules.soft)) >>> 0;
}

/** The `{rule, detail}` list of a row's fired rules; details quote the offending text. */
export function describeFlags(table: FeatureTable, row: number, mask: number, rules: Rules): Flag[] {
  return rulesOfMask(mask).map((rule) => {
    const definition = RULES[RULES.findIndex((entry) => entry.id === rule)]!;
    const flag: Flag = { rule, detail: definition.detail(table, row, settingsOf(rules, definition)) };
    const evidence = definition.evidence?.(table, row);
    if (evidence) flag.evidence = evidence;
    return flag;
  });
}
