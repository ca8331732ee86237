import { createHash } from 'node:crypto';
import { stringifyJson } from '../core/sanitize-text.js';
import type { Language } from '../core/types.js';
import { LANGUAGES } from '../core/types.js';
import { compareAnswers } from './answers/answer-equivalence.js';
import { groupAnswers, referenceColumns } from './answers/answer-groups.js';
import { extractFeatures } from './features/extract-features.js';
import type { CandidateFeatures } from './features/features.js';
import { FeatureTable, type FeatureRow } from './features/feature-table.js';
import { findNearDuplicates } from './project/near-duplicates.js';
import { rankTable } from './rules/rank-table.js';
import type { Rules } from './rules/rules-config.js';
import { describeFlags, evaluateRules, verdictOf, type Flag } from './rules/rules.js';
import { DistillError } from '../core/distill-error.js';

/** One line of `distill check --input` (README, Commands). */
export interface CheckInputRecord {
  id: string;
  question: string;
  reasoning?: string;
  answer: string;
  reference?: string;
  finish_reason?: string | null;
  language?: Language;
  /** The server's refusal message (OpenAI's `message.refusal`), when it refused. */
  refusal?: string | null;
}

/** One line of output: the README's fields (Commands, `check --input`), plus the preferred mark and the final answer found. */
export interface CheckOutputRecord {
  id: string;
  verdict: 'pass' | 'fail';
  flags: Flag[];
  /** The best passing candidate of its question (records with the same question text). */
  preferred: boolean;
  final_answer: string;
}

/** A malformed input line: the run stops, naming the line, before anything is written. */
export class CheckInputError extends DistillError {
  override name = 'CheckInputError';
}

interface ReadRecord {
  id: string;
  question: string;
  reference: string | undefined;
  language: Language;
  features: CandidateFeatures;
}

/**
 * Stateless checking of a JSONL file. Records with the same question text are
 * the candidates of one question (for minority_answer and the preferred mark);
 * duplicate_question compares the distinct question texts of the whole file, so
 * results are written once every line has been read.
 */
export async function* checkRecords(
  lines: AsyncIterable<string> | Iterable<string>,
  options: { language: Language; rules: Rules },
): AsyncIterable<string> {
  const records: ReadRecord[] = [];
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const input = parseInputLine(line, lineNumber);
    const language = input.language ?? options.language;
    records.push({
      id: input.id,
      question: input.question,
      reference: input.reference,
      language,
      features: extractFeatures(
        {
          reasoning: input.reasoning ?? '',
          answer: input.answer,
          finishReason: input.finish_reason ?? null,
          refusal: input.refusal ?? null,
        },
        language,
        input.question,
      ),
    });
  }
  const table = FeatureTable.fromRows(contextualize(records));
  const masks = evaluateRules(table, options.rules);
  const ranks = rankTable(table, masks, options.rules);
  for (let row = 0; row < table.size; row++) {
    const output: CheckOutputRecord = {
      id: records[row]!.id,
      verdict: verdictOf(masks[row]!, options.rules),
      flags: describeFlags(table, row, masks[row]!, options.rules),
      preferred: ranks[row] === 0,
      final_answer: records[row]!.features.finalAnswer,
    };
    yield stringifyJson(output);
  }
}

function contextualize(records: readonly ReadRecord[]): FeatureRow[] {
  const byQuestion = new Map<string, number[]>();
  records.forEach((record, index) => {
    const key = record.question.trim();
    const group = byQuestion.get(key);
    if (group) group.push(index);
    else byQuestion.set(key, [index]);
  });
  const questions = [...byQuestion.keys()];
  const duplicates = findNearDuplicates(questions);
  const rows = new Array<FeatureRow>(records.length);
  questions.forEach((question, q) => {
    const members = byQuestion.get(question)!;
    const answers = groupAnswers(
      members.map((index) => records[index]!.features.finalAnswer),
      undefined,
      question,
    );
    const duplicate = duplicates[q];
    const traced = members.filter((index) => records[index]!.features.reasoning.chars > 0).length;
    members.forEach((index, m) => {
      const record = records[index]!;
      rows[index] = {
        id: record.id,
        language: record.language,
        hash: '',
        questionKey: questionKey(question),
        features: record.features,
        context: {
          ...answers[m]!,
          traced,
          ...referenceOf(record, question),
          duplicateSimilarity: duplicate ? duplicate.similarity : 0,
          duplicateOf: duplicate ? questions[duplicate.of]! : '',
          // A stateless record carries its question itself: it cannot answer an edited one.
          answersEditedQuestion: 0,
          // Decontamination is a project command: a stateless record is never compared with benchmarks.
          benchmarkMatches: 0,
          contaminatedBy: '',
          benchmarkText: '',
          // The judge is a project command too (distill judge).
          judgeScore: 0,
          judgeVerdict: 0,
          judgeRationale: '',
        },
      };
    });
  });
  return rows;
}

/** Each line carries its own reference: the candidate's final answer against it. */
function referenceOf(record: ReadRecord, question: string): ReturnType<typeof referenceColumns> {
  const hasReference = record.reference !== undefined && record.reference.trim() !== '';
  if (!hasReference || !record.features.finalAnswer) return referenceColumns(hasReference, 'different', '');
  const comparison = compareAnswers(record.reference!, record.features.finalAnswer, question);
  return referenceColumns(true, comparison.verdict, comparison.reason ?? '');
}

function questionKey(question: string): string {
  return createHash('sha1').update(question).digest('base64url').slice(0, 16);
}

function parseInputLine(line: string, lineNumber: number): CheckInputRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CheckInputError(`line ${lineNumber}: not valid JSON; each line must be one JSON object`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CheckInputError(`line ${lineNumber}: expected a JSON object with "id", "question" and "answer"`);
  }
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'number' ? String(record.id) : record.id;
  const fail = (what: string): never => {
    throw new CheckInputError(`line ${lineNumber}${typeof id === 'string' ? ` (id ${id})` : ''}: ${what}`);
  };
  if (typeof id !== 'string' || id === '') fail('"id" must be a non-empty string');
  if (typeof record.question !== 'string') fail('"question" must be a string');
  // A refusal from the server comes with `content: null` (OpenAI's message.refusal).
  const refusedWithoutContent = (record.answer === null || record.answer === undefined) && typeof record.refusal === 'string';
  if (typeof record.answer !== 'string' && !refusedWithoutContent) fail('"answer" must be a string');
  for (const key of ['reasoning', 'reference', 'refusal'] as const) {
    if (record[key] !== undefined && record[key] !== null && typeof record[key] !== 'string') fail(`"${key}" must be a string when given`);
  }
  const finish = record.finish_reason;
  if (finish !== undefined && finish !== null && typeof finish !== 'string') fail('"finish_reason" must be a string or null');
  const language = record.language;
  if (language !== undefined && !(LANGUAGES as readonly unknown[]).includes(language)) {
    fail(`"language" must be one of ${LANGUAGES.join(', ')}`);
  }
  return {
    id: id as string,
    question: record.question as string,
    answer: typeof record.answer === 'string' ? record.answer : '',
    ...(typeof record.reasoning === 'string' ? { reasoning: record.reasoning } : {}),
    ...(typeof record.reference === 'string' ? { reference: record.reference } : {}),
    ...(typeof record.refusal === 'string' ? { refusal: record.refusal } : {}),
    ...(typeof finish === 'string' ? { finish_reason: finish } : {}),
    ...(language !== undefined ? { language: language as Language } : {}),
  };
}
