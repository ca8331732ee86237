/** Rule ids of CONTRACT.md, in the order flags are listed. */
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
