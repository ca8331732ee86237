import { RULE_IDS, type RuleId } from '../../core/rule-ids.js';

export { RULE_IDS, type RuleId };

/** A rule's bit in a flag mask is its index in RULE_IDS. */
export const RULE_BIT: Readonly<Record<RuleId, number>> = Object.fromEntries(RULE_IDS.map((id, index) => [id, 1 << index])) as Record<
  RuleId,
  number
>;

/** Ids of the rules whose bits are set in `mask`, in RULE_IDS order. */
export function rulesOfMask(mask: number): RuleId[] {
  const ids: RuleId[] = [];
  for (let i = 0; i < RULE_IDS.length; i++) if (mask & (1 << i)) ids.push(RULE_IDS[i]!);
  return ids;
}
