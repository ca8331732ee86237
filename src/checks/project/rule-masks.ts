import type { FeatureTable } from '../features/feature-table.js';
import { RULE_IDS } from '../rules/rule-ids.js';
import { RULE_TABLE } from '../rules/rule-table.js';
import { maskOf, settingsOf, type Rules } from '../rules/rules-config.js';
import { evaluateRules } from '../rules/rules.js';
import type { TagRuleMasks } from './rule-masks-file.js';

/**
 * What each rule's verdict depends on besides the candidate's features: the
 * rules' code and the rule's own settings ('off' when disabled). A rule whose
 * key is the one its cached bit was evaluated under gives the same bit again.
 */
export function ruleKeys(rules: Rules, ruleCode: string): string[] {
  const disabled = maskOf(rules.disabled);
  return RULE_TABLE.map((rule, index) => (disabled & (1 << index) ? 'off' : `${ruleCode}:${JSON.stringify(settingsOf(rules, rule))}`));
}

/** Bits of the rules whose key differs from the one `stored` was evaluated under. */
export function staleRules(stored: TagRuleMasks, keys: readonly string[]): number {
  let stale = 0;
  for (let bit = 0; bit < RULE_IDS.length; bit++) if (stored.keys[bit] !== keys[bit]) stale |= 1 << bit;
  return stale >>> 0;
}

/** The table's masks under `keys`: `stored`'s, with only its stale rules evaluated again (every rule without it). */
export function updateMasks(
  table: FeatureTable,
  rules: Rules,
  keys: readonly string[],
  source: string,
  stored?: TagRuleMasks,
): TagRuleMasks {
  const reuse = stored && stored.rows === table.size;
  const masks = reuse ? stored.masks : new Uint32Array(table.size);
  evaluateRules(table, rules, masks, reuse ? staleRules(stored, keys) : undefined);
  return { source, rows: table.size, keys, masks };
}
