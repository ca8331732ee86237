/** Rule ids of CONTRACT.md, in the order flags are listed. The index is the rule's bit in a flag mask. */
export const RULE_IDS = [
  'format',
  'truncated',
  'answer_mismatch',
  'minority_answer',
  'mixed_language',
  'wrong_language',
  'too_short',
  'too_long',
  'repetition',
  'refusal',
  'long_paragraph',
  'duplicate_question',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export const RULE_BIT: Readonly<Record<RuleId, number>> = Object.fromEntries(
  RULE_IDS.map((id, index) => [id, 1 << index]),
) as Record<RuleId, number>;

/** Ids of the rules whose bits are set in `mask`, in RULE_IDS order. */
export function rulesOfMask(mask: number): RuleId[] {
  const ids: RuleId[] = [];
  for (let i = 0; i < RULE_IDS.length; i++) if (mask & (1 << i)) ids.push(RULE_IDS[i]!);
  return ids;
}
