import type { FeatureTable, NumericColumns } from '../features/feature-table.js';

/** One threshold of a rule, as schemas/rules.schema.json documents it. */
export interface SettingField {
  type: 'integer' | 'number';
  default: number;
  minimum: number;
  maximum?: number;
  description?: string;
}

/** A rule's thresholds: one object under `"rules"` in distill.json. */
export interface SettingsGroup<Key extends string = string, Fields extends Record<string, SettingField> = Record<string, SettingField>> {
  /** The key under `"rules"` (camelCase). */
  key: Key;
  /** Schema description: what the thresholds do, with their defaults in words. */
  description: string;
  fields: Fields;
}

/** The values of a settings group, with every default filled in. */
export type SettingValues<Fields> = { -readonly [P in keyof Fields]: number };

/**
 * Everything about one rule. The table of these (rule-table.ts) is read by the
 * evaluator, the flag details, the rule settings and their schema, the TUI's
 * filter menu and thresholds form, and the stats chart.
 */
export interface RuleDefinition<
  Id extends string = string,
  Key extends string = string,
  Fields extends Record<string, SettingField> = Record<string, SettingField>,
> {
  /** The rule id of flags (README, Checks). */
  id: Id;
  /** At most 6 ASCII characters: the stats chart's bar title. */
  label: string;
  /** What it flags, a few words: the TUI's filter menu. */
  title: string;
  /** Its thresholds; rules sharing a group (mixed_language, wrong_language) pass the same object. */
  settings?: SettingsGroup<Key, Fields>;
  /**
   * Whether the rule fires on one row. Runs a million times per re-check: read
   * columns by their literal names (no string building) and compare numbers.
   */
  fires(columns: Readonly<NumericColumns>, row: number, settings: SettingValues<Fields>): boolean;
  /** The flag's detail when it fired: says why, quoting the text it is about (through clipQuote). */
  detail(table: FeatureTable, row: number, settings: SettingValues<Fields>): string;
  /** Longer text the flag is about (a benchmark item's question), shown in full beside the candidate. */
  evidence?(table: FeatureTable, row: number): string;
}

/** Keeps the literal id and settings key of a rule for the types derived from the table. */
export function defineRule<
  Id extends string,
  Key extends string = never,
  Fields extends Record<string, SettingField> = Record<never, never>,
>(rule: RuleDefinition<Id, Key, Fields>): RuleDefinition<Id, Key, Fields> {
  return rule;
}

/** A settings group shared by several rules. */
export function settingsGroup<Key extends string, Fields extends Record<string, SettingField>>(
  key: Key,
  description: string,
  fields: Fields,
): SettingsGroup<Key, Fields> {
  return { key, description, fields };
}
