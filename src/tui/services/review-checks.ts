import type { ProjectStoreApi } from '../../store/store-api.js';
import type { ReviewChecks, ThresholdField } from '../review-services.js';
import {
  checkProject,
  loadCachedVerdicts,
  projectRules,
  summaryFlaggedCounts,
  summaryTagFlags,
} from '../../checks/project/check-project.js';
import { RULE_IDS } from '../../checks/rules/rule-ids.js';
import { resolveRules, type Rules } from '../../checks/rules/rules-config.js';
import { rulesSchema } from '../../checks/rules/rules-schema.js';
import { BackgroundChecks } from './background-checks.js';
import { findCandidateSpans, loadSpanFinders } from './flag-span-service.js';

/** The checks as the review screen sees them: verdicts per tag, re-run, and the thresholds form. */
export function createReviewChecks(store: ProjectStoreApi): ReviewChecks {
  const background = new BackgroundChecks(store);
  return {
    // Verdicts name the flags whose spans the detail shows: the span finders are ready with them.
    async checkTag(tagId) {
      const rules = projectRules(store);
      const [cached] = await Promise.all([loadCachedVerdicts(store, tagId, rules), loadSpanFinders()]);
      // A tag whose features must be extracted first: a large one in a worker, never blocking keys.
      return cached ?? (await background.verdicts(tagId, rules));
    },
    close: () => background.close(),
    flaggedCounts: () => summaryFlaggedCounts(store),
    tagFlags: () => summaryTagFlags(store),
    warmUp: () => loadSpanFinders(),
    flagSpans: (candidate, question, fired) => findCandidateSpans(candidate, store.config.language, question, fired),
    flagSpansLater: (candidate, question, fired) => background.spans(candidate, question, fired),
    async rerun(onProgress) {
      const summary = await checkProject(store, onProgress ? { onProgress: ({ done, total }) => onProgress(done, total) } : {});
      const flags = RULE_IDS.filter((rule) => summary.flags[rule] > 0).map((rule) => `${rule} ${summary.flags[rule]}`);
      return `${summary.candidates} candidates: ${summary.passing} pass, ${summary.failing} fail${flags.length ? ` (${flags.join(', ')})` : ''}`;
    },
    thresholds: () => thresholdFields(projectRules(store)),
    async setThresholds(values) {
      const input = rulesFromFields(values);
      resolveRules(input, 'thresholds'); // validates before anything is written
      await store.updateRules(input);
    },
  };
}

const LIST_KEYS = ['soft', 'disabled'] as const;

/** Rules as flat form fields: "tooShort.reasoningTokens" = 20; lists as comma-separated rule ids. */
export function thresholdFields(rules: Rules): ThresholdField[] {
  const { help, bounds } = schemaHelp();
  const fields: ThresholdField[] = [];
  for (const [key, value] of Object.entries(rules)) {
    if (Array.isArray(value)) fields.push({ key, value: value.join(', '), ...withHelp(help, key) });
    else if (typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value as Record<string, number>)) {
        const name = `${key}.${inner}`;
        fields.push({ key: name, value: innerValue, ...withHelp(help, name, key), ...bounds.get(name) });
      }
    } else fields.push({ key, value: value as number, ...withHelp(help, key), ...bounds.get(key) });
  }
  return fields;
}

/** The inverse of thresholdFields; values the form typed as text become numbers where the rule needs one. */
export function rulesFromFields(values: Record<string, number | string | boolean>): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    if ((LIST_KEYS as readonly string[]).includes(key)) {
      rules[key] = String(raw)
        .split(/[,\s]+/)
        .filter((id) => id !== '');
      continue;
    }
    const value = typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
    const [group, inner] = key.split('.');
    if (inner === undefined) rules[group!] = value;
    else rules[group!] = { ...(rules[group!] ?? {}), [inner]: value };
  }
  return rules;
}

interface SchemaProperty {
  description?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaProperty>;
}
interface FieldSchema {
  help: Map<string, string>;
  bounds: Map<string, { min?: number; max?: number }>;
}
let schemaCache: FieldSchema | null = null;

/** Each field's help and bounds: its description, minimum and maximum in the rules' schema (generated from the rule table). */
function schemaHelp(): FieldSchema {
  if (schemaCache) return schemaCache;
  const cache: FieldSchema = { help: new Map(), bounds: new Map() };
  const schema = rulesSchema() as { properties: Record<string, SchemaProperty> };
  const add = (key: string, property: SchemaProperty): void => {
    if (property.description) cache.help.set(key, property.description);
    const bounds = {
      ...(property.minimum !== undefined ? { min: property.minimum } : {}),
      ...(property.maximum !== undefined ? { max: property.maximum } : {}),
    };
    if (Object.keys(bounds).length > 0) cache.bounds.set(key, bounds);
  };
  for (const [key, property] of Object.entries(schema.properties)) {
    add(key, property);
    for (const [inner, innerProperty] of Object.entries(property.properties ?? {})) add(`${key}.${inner}`, innerProperty);
  }
  schemaCache = cache;
  return cache;
}

function withHelp(help: Map<string, string>, key: string, parent?: string): { help?: string } {
  const text = help.get(key) ?? (parent ? help.get(parent) : undefined);
  return text ? { help: text } : {};
}
