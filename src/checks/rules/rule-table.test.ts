import { describe, expect, it } from 'vitest';
import { RULE_TABLE } from './rule-table.js';
import { DEFAULT_RULES, resolveRules, SETTINGS_GROUPS } from './rules-config.js';

// The rule ids of the README's "Checks" section, in the order flags are listed.
const CONTRACT_IDS = [
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
];

describe('the rule table', () => {
  it("keeps the documented rule ids first and in order (a rule's bit is its place)", () => {
    expect(RULE_TABLE.map((rule) => rule.id).slice(0, CONTRACT_IDS.length)).toEqual(CONTRACT_IDS);
    expect(new Set(RULE_TABLE.map((rule) => rule.id)).size).toBe(RULE_TABLE.length);
  });

  it('gives every rule a chart label of at most 6 ASCII characters and a title for the filter menu', () => {
    for (const rule of RULE_TABLE) {
      expect(rule.label, rule.id).toMatch(/^[\x21-\x7e]{1,6}$/);
      expect(rule.title.length, rule.id).toBeGreaterThan(5);
    }
    expect(new Set(RULE_TABLE.map((rule) => rule.label)).size).toBe(RULE_TABLE.length);
  });

  it("fills every threshold with its entry's default, inside its own bounds", () => {
    const defaults = DEFAULT_RULES as unknown as Record<string, Record<string, number>>;
    for (const group of SETTINGS_GROUPS) {
      for (const [name, field] of Object.entries(group.fields)) {
        expect(defaults[group.key]![name], `${group.key}.${name}`).toBe(field.default);
        expect(field.default).toBeGreaterThanOrEqual(field.minimum);
        if (field.maximum !== undefined) expect(field.default).toBeLessThanOrEqual(field.maximum);
        if (field.type === 'integer') expect(Number.isInteger(field.default)).toBe(true);
      }
    }
    expect(resolveRules(JSON.parse(JSON.stringify(DEFAULT_RULES)))).toEqual(DEFAULT_RULES);
  });
});
