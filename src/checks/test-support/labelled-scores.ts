import type { CandidateText } from '../features/features.js';
import { extractFeatures } from '../features/extract-features.js';
import { FeatureTable, NO_QUESTION_CONTEXT } from '../features/feature-table.js';
import type { RuleId } from '../rules/rule-ids.js';
import { DEFAULT_RULES } from '../rules/rules-config.js';
import { describeFlags, evaluateRules } from '../rules/rules.js';
import { readLabelled } from './labelled-sets.js';

// The labelled language, refusal and repetition sets (fixtures/checks/*-{dev,heldout}.jsonl)
// run through the real extraction and rules, scored as a reviewer would see them:
// precision (a flag means something) and recall (a flaw is flagged).

/** A text labelled for language; `field` says whether it is checked as the trace or the answer. */
export interface LanguageCase {
  id: string;
  language: 'en' | 'zh';
  field: 'reasoning' | 'answer';
  text: string;
  question?: string;
  mixed: boolean;
  wrong: boolean;
}

export interface RefusalCase {
  id: string;
  language: 'en' | 'zh';
  question: string;
  reasoning?: string;
  answer: string;
  finish_reason?: string;
  /** The server's message.refusal. */
  refusal?: string;
  refuses: boolean;
}

export interface RepetitionCase {
  id: string;
  language: 'en' | 'zh';
  field: 'reasoning' | 'answer';
  finish_reason: string;
  text: string;
  repetition: boolean;
}

export interface Score {
  cases: number;
  precision: number;
  recall: number;
  /** Ids flagged but labelled clean, and labelled flawed but not flagged. */
  falseFlags: string[];
  misses: string[];
}

/** The flags (rule → detail) the default rules give one candidate checked on its own. */
export function flagsOf(candidate: CandidateText, language: string, question = ''): Map<RuleId, string> {
  const features = extractFeatures(candidate, language, question);
  const table = FeatureTable.fromRows([{ id: 'x', language, hash: '', questionKey: 'q', features, context: NO_QUESTION_CONTEXT }]);
  const mask = evaluateRules(table, DEFAULT_RULES)[0]!;
  return new Map(describeFlags(table, 0, mask, DEFAULT_RULES).map((flag) => [flag.rule, flag.detail]));
}

export function languageCandidate(example: LanguageCase): CandidateText {
  return example.field === 'reasoning'
    ? { reasoning: example.text, answer: 'OK', finishReason: 'stop' }
    : { reasoning: '', answer: example.text, finishReason: 'stop' };
}

export function scoreLanguage(examples: readonly LanguageCase[]): { mixed: Score; wrong: Score } {
  const results = examples.map((example) => ({
    example,
    flags: flagsOf(languageCandidate(example), example.language, example.question ?? ''),
  }));
  return {
    mixed: score(results.map(({ example, flags }) => [example.id, example.mixed, flags.has('mixed_language')])),
    wrong: score(results.map(({ example, flags }) => [example.id, example.wrong, flags.has('wrong_language')])),
  };
}

export function scoreRefusal(examples: readonly RefusalCase[]): Score {
  return score(
    examples.map((example) => {
      const candidate = {
        reasoning: example.reasoning ?? '',
        answer: example.answer,
        finishReason: example.finish_reason ?? 'stop',
        refusal: example.refusal ?? null,
      };
      return [example.id, example.refuses, flagsOf(candidate, example.language, example.question).has('refusal')];
    }),
  );
}

export function scoreRepetition(examples: readonly RepetitionCase[]): Score {
  return score(
    examples.map((example) => {
      const candidate =
        example.field === 'reasoning'
          ? { reasoning: example.text, answer: 'OK', finishReason: example.finish_reason }
          : { reasoning: '', answer: example.text, finishReason: example.finish_reason };
      return [example.id, example.repetition, flagsOf(candidate, example.language).has('repetition')];
    }),
  );
}

/** dev is tuned on; heldout was written beside it; blind2 and blind3 were written and scored before any change they prompted. */
export type LabelledSplit = 'dev' | 'heldout' | `blind${number}`;

/** The labelled sets by name, read from fixtures/checks. */
export function readLabelledSets(split: LabelledSplit): {
  language: LanguageCase[];
  refusal: RefusalCase[];
  repetition: RepetitionCase[];
} {
  return {
    language: readLabelled<LanguageCase>(`language-${split}.jsonl`),
    refusal: readLabelled<RefusalCase>(`refusal-${split}.jsonl`),
    repetition: readLabelled<RepetitionCase>(`repetition-${split}.jsonl`),
  };
}

function score(outcomes: readonly [id: string, labelled: boolean, flagged: boolean][]): Score {
  let truePositives = 0;
  let flagged = 0;
  let labelled = 0;
  const falseFlags: string[] = [];
  const misses: string[] = [];
  for (const [id, isFlaw, isFlagged] of outcomes) {
    if (isFlagged) flagged++;
    if (isFlaw) labelled++;
    if (isFlaw && isFlagged) truePositives++;
    if (isFlagged && !isFlaw) falseFlags.push(id);
    if (isFlaw && !isFlagged) misses.push(id);
  }
  return {
    cases: outcomes.length,
    precision: flagged === 0 ? 1 : truePositives / flagged,
    recall: labelled === 0 ? 1 : truePositives / labelled,
    falseFlags,
    misses,
  };
}
