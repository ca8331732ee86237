import { RULE_TABLE } from './rule-table.js';

export type RuleId = (typeof RULE_TABLE)[number]['id'];

/** Rule ids in the order flags are listed; a rule's bit in a flag mask is its index here. */
export const RULE_IDS: readonly RuleId[] = RULE_TABLE.map((rule) => rule.id);

if (RULE_IDS.length > 32) throw new Error('flag masks are 32 bits: at most 32 rules');

export const RULE_BIT: Readonly<Record<RuleId, number>> = Object.fromEntries(
  RULE_IDS.map((id, index) => [id, (1 << index) >>> 0]),
) as Record<RuleId, number>;

/** Every rule's bit. */
export const ALL_RULES_MASK = RULE_IDS.length === 32 ? 0xffffffff : ((1 << RULE_IDS.length) >>> 0) - 1;

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

/** Ids of the rules whose bits are set in `mask`, in RULE_IDS order. */
export function rulesOfMask(mask: number): RuleId[] {
  const ids: RuleId[] = [];
  for (let i = 0; i < RULE_IDS.length; i++) if (mask & (1 << i)) ids.push(RULE_IDS[i]!);
  return ids;
}
