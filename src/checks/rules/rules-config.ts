import { readFile } from 'node:fs/promises';
import { describeSchemaErrors, schemaValidator } from '../../schemas/validator.js';
import { DistillError } from '../../core/distill-error.js';
import type { SettingsGroup, SettingValues } from './rule-definition.js';
import { RULE_BIT, type RuleId } from './rule-ids.js';
import { RULE_TABLE } from './rule-table.js';

type TableRule = (typeof RULE_TABLE)[number];

/** The thresholds of every rule that has some, keyed as under `"rules"` in distill.json. */
export type RuleThresholds = {
  [R in TableRule as R extends { settings?: SettingsGroup<infer Key> } ? Key : never]: R extends {
    settings?: SettingsGroup<string, infer Fields>;
  }
    ? SettingValues<Fields>
    : never;
};

/** How flags become a verdict, beside the rules' own thresholds. */
export interface VerdictPolicy {
  soft: RuleId[];
  disabled: RuleId[];
  keepPerQuestion: number;
}

/** Rule settings with every default filled in (schemas/rules.schema.json documents each). */
export type Rules = VerdictPolicy & RuleThresholds;

export type RulesInput = Partial<VerdictPolicy> & { [K in keyof RuleThresholds]?: Partial<RuleThresholds[K]> };

/** Every distinct settings group of the table, in table order. */
export const SETTINGS_GROUPS: readonly SettingsGroup[] = [
  ...new Set(RULE_TABLE.flatMap((rule): SettingsGroup[] => ('settings' in rule ? [rule.settings as SettingsGroup] : []))),
];

const THRESHOLD_KEYS = SETTINGS_GROUPS.map((group) => group.key) as (keyof RuleThresholds)[];

export const DEFAULT_RULES: Readonly<Rules> = Object.freeze({
  // A signal for review, not a proof of a wrong answer.
  soft: ['low_confidence'] as RuleId[],
  disabled: [],
  keepPerQuestion: 1,
  ...(Object.fromEntries(
    SETTINGS_GROUPS.map((group) => [
      group.key,
      Object.fromEntries(Object.entries(group.fields).map(([name, field]) => [name, field.default])),
    ]),
  ) as RuleThresholds),
});

export class RulesError extends DistillError {
  override name = 'RulesError';
}

/** Validates rule settings (from distill.json or a --rules file) and fills in defaults. `source` names where they came from. */
export function resolveRules(input: unknown, source = 'rules'): Rules {
  const validate = schemaValidator<RulesInput>('rules');
  if (!validate(input ?? {})) {
    throw new RulesError(`${source}: ${describeSchemaErrors(validate.errors)} (see schemas/rules.schema.json)`);
  }
  return mergeRules(DEFAULT_RULES, input ?? {});
}

/** Later settings win key by key; threshold groups merge. */
export function mergeRules(base: Readonly<Rules>, override: RulesInput): Rules {
  const thresholds = {} as Record<string, Record<string, number>>;
  for (const key of THRESHOLD_KEYS) thresholds[key] = { ...base[key], ...override[key] };
  return {
    soft: [...(override.soft ?? base.soft)],
    disabled: [...(override.disabled ?? base.disabled)],
    keepPerQuestion: override.keepPerQuestion ?? base.keepPerQuestion,
    ...(thresholds as RuleThresholds),
  };
}

/** The thresholds one rule reads (an empty object for a rule without any). */
export function settingsOf(rules: Readonly<Rules>, rule: { settings?: SettingsGroup }): Record<string, number> {
  return rule.settings ? (rules as unknown as Record<string, Record<string, number>>)[rule.settings.key]! : {};
}

/** Reads a --rules FILE.json; its keys override `base` (the project's rules, or the defaults). */
export async function loadRulesFile(path: string, base: Readonly<Rules> = DEFAULT_RULES): Promise<Rules> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new RulesError(`cannot read rules file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RulesError(`rules file ${path} is not valid JSON; fix it or see schemas/rules.schema.json`);
  }
  resolveRules(parsed, `rules file ${path}`);
  return mergeRules(base, parsed as RulesInput);
}

export function maskOf(ids: readonly RuleId[]): number {
  let mask = 0;
  for (const id of ids) mask |= RULE_BIT[id];
  return mask >>> 0;
}
