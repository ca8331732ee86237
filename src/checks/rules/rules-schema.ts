import { RULE_IDS } from './rule-ids.js';
import { SETTINGS_GROUPS } from './rules-config.js';

/**
 * schemas/rules.schema.json as the rule table defines it: the verdict policy
 * (soft, disabled, keepPerQuestion), then one object per settings group with
 * each threshold's type, bounds and default. `npm run schemas` writes it.
 */
export function rulesSchema(): object {
  const properties: Record<string, object> = {
    soft: {
      description: 'Rule ids that flag without failing the candidate. Default: [] (every flag fails).',
      type: 'array',
      items: { $ref: '#/definitions/ruleId' },
      uniqueItems: true,
      default: [],
    },
    disabled: {
      description: 'Rule ids that never fire. Default: [].',
      type: 'array',
      items: { $ref: '#/definitions/ruleId' },
      uniqueItems: true,
      default: [],
    },
    keepPerQuestion: {
      description: 'How many passing candidates per question `accept --passing` accepts (best first). Default 1.',
      type: 'integer',
      minimum: 1,
      default: 1,
    },
  };
  for (const group of SETTINGS_GROUPS) {
    properties[group.key] = {
      description: group.description,
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.entries(group.fields).map(([name, field]) => [
          name,
          {
            ...(field.description ? { description: field.description } : {}),
            type: field.type,
            minimum: field.minimum,
            ...(field.maximum !== undefined ? { maximum: field.maximum } : {}),
            default: field.default,
          },
        ]),
      ),
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://distill.local/schemas/rules.schema.json',
    title: 'distill check rules',
    description:
      'Thresholds of the quality rules. Every key is optional; a missing key takes the default shown. Verdict policy: a candidate FAILS when any rule that is not listed in `soft` fires; rules listed in `soft` are still reported in flags but do not fail the candidate (they count against it when the preferred candidate of a question is chosen). Rules listed in `disabled` never fire. A threshold of 0 switches that limit off.',
    type: 'object',
    additionalProperties: false,
    properties,
    definitions: { ruleId: { enum: [...RULE_IDS] } },
  };
}

/** The file's text: what `npm run schemas` writes and the schema test compares. */
export function rulesSchemaText(): string {
  return JSON.stringify(rulesSchema(), null, 2) + '\n';
}
