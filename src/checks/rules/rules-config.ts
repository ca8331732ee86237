import { readFile } from 'node:fs/promises';
import { describeSchemaErrors, schemaValidator } from '../../schemas/validator.js';
import { RULE_BIT, type RuleId } from './rule-ids.js';
import { DistillError } from '../../core/distill-error.js';

/** Rule thresholds with every default filled in (schemas/rules.schema.json documents each). */
export interface Rules {
  soft: RuleId[];
  disabled: RuleId[];
  keepPerQuestion: number;
  tooShort: { reasoningChars: number; reasoningTokens: number; answerChars: number; answerTokens: number };
  tooLong: { reasoningChars: number; reasoningTokens: number; answerChars: number; answerTokens: number };
  language: { minProseUnits: number; wrongMaxExpectedShare: number; mixedMinSpanUnits: number };
  repetition: { maxRun: number; maxRepeatedShare: number; minRepeatedChars: number; maxTailLoopChars: number };
  longParagraph: { maxChars: number };
  minorityAnswer: { minCandidates: number; minMajorityShare: number };
  duplicateQuestion: { minSimilarity: number };
}

export type RulesInput = {
  [K in keyof Rules]?: Rules[K] extends unknown[] ? Rules[K] : Rules[K] extends object ? Partial<Rules[K]> : Rules[K];
};

export const DEFAULT_RULES: Readonly<Rules> = Object.freeze({
  soft: [],
  disabled: [],
  keepPerQuestion: 1,
  tooShort: { reasoningChars: 0, reasoningTokens: 20, answerChars: 2, answerTokens: 0 },
  tooLong: { reasoningChars: 0, reasoningTokens: 16000, answerChars: 0, answerTokens: 4000 },
  language: { minProseUnits: 3, wrongMaxExpectedShare: 0.25, mixedMinSpanUnits: 4 },
  repetition: { maxRun: 3, maxRepeatedShare: 0.3, minRepeatedChars: 200, maxTailLoopChars: 120 },
  longParagraph: { maxChars: 1500 },
  minorityAnswer: { minCandidates: 3, minMajorityShare: 0.5 },
  duplicateQuestion: { minSimilarity: 0.7 },
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

/** Later settings win key by key; nested objects merge. */
export function mergeRules(base: Readonly<Rules>, override: RulesInput): Rules {
  return {
    soft: [...(override.soft ?? base.soft)],
    disabled: [...(override.disabled ?? base.disabled)],
    keepPerQuestion: override.keepPerQuestion ?? base.keepPerQuestion,
    tooShort: { ...base.tooShort, ...override.tooShort },
    tooLong: { ...base.tooLong, ...override.tooLong },
    language: { ...base.language, ...override.language },
    repetition: { ...base.repetition, ...override.repetition },
    longParagraph: { ...base.longParagraph, ...override.longParagraph },
    minorityAnswer: { ...base.minorityAnswer, ...override.minorityAnswer },
    duplicateQuestion: { ...base.duplicateQuestion, ...override.duplicateQuestion },
  };
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
  return mask;
}
