import type { CandidateFeatures, TextFeatures } from './features.js';
import { REFUSAL_KINDS } from './refusal.js';
import type { FormatProblem } from './template-format.js';

/*
 * Features of many candidates, column by column: one Float32Array per number, so
 * that re-running the rules over a million candidates is a loop over typed arrays
 * (no million objects for the collector to walk), and a cache file is the columns'
 * bytes. Counts stay below 2^24, so float32 holds them exactly.
 *
 * Each column is one entry below: its name (what it holds) and where its value
 * comes from. A new feature is a field of CandidateFeatures (or QuestionContext)
 * and one entry here; the rules (rules/rule-table.ts) then read it by name, and
 * the cache file lists the columns it holds (other columns: rebuilt, silently).
 */

export const FORMAT_CODES: readonly FormatProblem[] = ['', 'empty_answer', 'unclosed_think', 'stray_close_think', 'think_in_answer'];

/** The two texts of a candidate; per-text columns are named `reasoning…` and `answer…`. */
export const TEXT_FIELDS = ['reasoning', 'answer'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

type PerText<Suffix extends string> = `${TextField}${Suffix}`;

interface ColumnEntry<Name extends string, Source, Value> {
  name: Name;
  read: (source: Source) => Value;
}

/** One column per text field: `reasoning<Suffix>` and `answer<Suffix>`, read from that field's features. */
function perText<Suffix extends string, Value>(
  suffix: Suffix,
  read: (text: TextFeatures) => Value,
): [ColumnEntry<PerText<Suffix>, CandidateFeatures, Value>, ColumnEntry<PerText<Suffix>, CandidateFeatures, Value>] {
  return [
    { name: `reasoning${suffix}`, read: (features) => read(features.reasoning) },
    { name: `answer${suffix}`, read: (features) => read(features.answer) },
  ];
}

/** Numbers that depend on the candidate alone (and its question's text): cached while neither changes. */
const CANDIDATE_NUMBERS = [
  ...perText('Chars', (text) => text.chars),
  /** Estimated tokens (about o200k_base). */
  ...perText('Tokens', (text) => text.tokens),
  /** Characters of the longest paragraph (text between blank lines). */
  ...perText('LongestParagraph', (text) => text.maxParagraphChars),
  /** Prose in the expected language, in units (a word, or one Han/kana character). */
  ...perText('ExpectedLanguageUnits', (text) => text.language.expectedUnits),
  /** Prose judged to be in another natural language, same units. */
  ...perText('ForeignLanguageUnits', (text) => text.language.foreignUnits),
  /** Units of the longest run of foreign prose. */
  ...perText('ForeignSpanUnits', (text) => text.language.spanUnits),
  /** Slips of a word or two of another language inside a sentence ("still真 real"). */
  ...perText('LanguageSlips', (text) => text.language.leaks),
  /** Share of the characters in sentences that repeat an earlier one. */
  ...perText('RepeatedSentenceShare', (text) => text.repetition.repeatedShare),
  /** Longest run of one sentence repeated back to back. */
  ...perText('BackToBackRepeats', (text) => text.repetition.maxRun),
  /** Characters covered by the longest loop (a phrase or a few characters repeated back to back). */
  ...perText('LoopChars', (text) => text.repetition.loopChars),
  /** 1 when finish_reason is "length" (the token limit), 2 when it is "size_limit" (distill's maxAnswerChars). */
  {
    name: 'finishedByLength',
    read: (features) => (features.finishReason === 'length' ? 1 : features.finishReason === 'size_limit' ? 2 : 0),
  },
  /** Index in FORMAT_CODES (0: the template is fine). */
  { name: 'formatProblem', read: (features) => Math.max(0, FORMAT_CODES.indexOf(features.formatProblem)) },
  /** Index in REFUSAL_KINDS (0: no refusal; 1 the answer's words, 2 the server's refusal, 3 its content filter). */
  { name: 'refuses', read: (features) => Math.max(0, REFUSAL_KINDS.indexOf(features.refusalKind)) },
  { name: 'hasFinalAnswer', read: (features) => (features.finalAnswer ? 1 : 0) },
  /** Where the final answer is in the answer text (-1 when none was found): for highlighting it. */
  { name: 'finalAnswerOffset', read: (features) => features.finalAnswerOffset },
  { name: 'finalAnswerLength', read: (features) => features.finalAnswerLength },
  /** 1 when the candidate kept its teacher's logprobs; the three after it are 0 otherwise. */
  { name: 'hasLogprobs', read: (features) => (features.confidence ? 1 : 0) },
  { name: 'meanTokenLogprob', read: (features) => features.confidence?.meanLogprob ?? 0 },
  { name: 'minTokenLogprob', read: (features) => features.confidence?.minLogprob ?? 0 },
  /** Probability of the final answer's tokens, -1 when there is no final answer (or no logprobs). */
  { name: 'finalAnswerProb', read: (features) => features.confidence?.finalAnswerProb ?? -1 },
] as const satisfies readonly ColumnEntry<string, CandidateFeatures, number>[];

/** What depends on a candidate's siblings and on its question, not on its own text. */
export interface QuestionContext {
  referenceMatch: -1 | 0 | 1;
  /** 1 when the final answer could not be compared with the reference (referenceMatch is then 0). */
  referenceUndecided: 0 | 1;
  /** Why it could not be compared ('' otherwise). */
  referenceNote: string;
  agree: number;
  majority: number;
  answered: number;
  traced: number;
  majorityAnswer: string;
  duplicateSimilarity: number;
  duplicateOf: string;
  /** 1 when the question was edited after this candidate answered it (the candidate is stale). */
  answersEditedQuestion: number;
  /** Benchmarks with an item the question repeats (distill decontaminate). */
  benchmarkMatches: number;
  /** Which benchmark item it repeats and how, for the flag's detail. */
  contaminatedBy: string;
  /** That item's text, shown beside the question. */
  benchmarkText: string;
  /** The LLM judge's score of this candidate, 1–10 (0: not judged, or judged on another text). */
  judgeScore: number;
  /** The judge's verdict on the final answer (core/judgement.ts verdictCode: 0 none, 1 correct, 2 incorrect, 3 cannot tell). */
  judgeVerdict: number;
  /** The judge's one sentence of why (model text). */
  judgeRationale: string;
}

export const NO_QUESTION_CONTEXT: QuestionContext = {
  referenceMatch: -1,
  referenceUndecided: 0,
  referenceNote: '',
  agree: 0,
  majority: 0,
  answered: 0,
  traced: 0,
  majorityAnswer: '',
  duplicateSimilarity: 0,
  duplicateOf: '',
  answersEditedQuestion: 0,
  benchmarkMatches: 0,
  contaminatedBy: '',
  benchmarkText: '',
  judgeScore: 0,
  judgeVerdict: 0,
  judgeRationale: '',
};

/** Numbers recomputed for every row of a question whenever any of its candidates change. */
const QUESTION_NUMBERS = [
  /** 1 matches the reference, 0 differs, -1 no reference. */
  { name: 'referenceMatch', read: (context) => context.referenceMatch },
  /** 1 when the comparison with the reference could not decide (too complex, unreadable): flagged as a mismatch. */
  { name: 'referenceUndecided', read: (context) => context.referenceUndecided },
  /** Candidates of the question whose final answer is equivalent to this one's (itself included). */
  { name: 'agreeingAnswers', read: (context) => context.agree },
  /** Size of the largest group of equivalent answers of the question. */
  { name: 'majorityAnswers', read: (context) => context.majority },
  /** Candidates of the question with a final answer. */
  { name: 'answeredCandidates', read: (context) => context.answered },
  /** Candidates of the question with a reasoning trace: 0 means the teacher gives none. */
  { name: 'tracedCandidates', read: (context) => context.traced },
  /** Highest similarity of the question to an earlier question of the project (0 when none). */
  { name: 'duplicateSimilarity', read: (context) => context.duplicateSimilarity },
  /** 1 when the question's text changed after the candidate answered it. */
  { name: 'answersEditedQuestion', read: (context) => context.answersEditedQuestion },
  /** Benchmarks with an item the question repeats (0: not contaminated, or never checked). */
  { name: 'benchmarkMatches', read: (context) => context.benchmarkMatches },
  /** The judge's score, 1–10; 0 when the candidate has no judgement for its current text (distill judge). */
  { name: 'judgeScore', read: (context) => context.judgeScore },
  /** The judge's verdict code: 0 none, 1 correct, 2 incorrect, 3 cannot tell. */
  { name: 'judgeVerdict', read: (context) => context.judgeVerdict },
] as const satisfies readonly ColumnEntry<string, QuestionContext, number>[];

const CANDIDATE_TEXTS = [
  /** The language with the most prose ('und': too little to judge). */
  ...perText('DominantLanguage', (text) => text.language.dominant),
  ...perText('ForeignSpanLanguage', (text) => text.language.spanLanguage),
  ...perText('ForeignSpanText', (text) => text.language.spanText),
  ...perText('SlipLanguage', (text) => text.language.leakLanguage),
  /** The first slip, quoted with the words around it. */
  ...perText('SlipText', (text) => text.language.leakText),
  /** The repeated sentence or looping phrase, trimmed for quoting. */
  ...perText('RepeatedText', (text) => text.repetition.unit),
  { name: 'refusalPhrase', read: (features) => features.refusal },
  { name: 'finalAnswer', read: (features) => features.finalAnswer },
] as const satisfies readonly ColumnEntry<string, CandidateFeatures, string>[];

const QUESTION_TEXTS = [
  { name: 'majorityAnswer', read: (context) => context.majorityAnswer },
  /** Why the final answer could not be compared with the reference. */
  { name: 'referenceNote', read: (context) => context.referenceNote },
  /** Text of the earlier question this one nearly repeats. */
  { name: 'duplicateOf', read: (context) => context.duplicateOf },
  /** The benchmark and item the question repeats, and how. */
  { name: 'contaminatedBy', read: (context) => context.contaminatedBy },
  /** The text of that benchmark item. */
  { name: 'benchmarkText', read: (context) => context.benchmarkText },
  /** The judge's rationale. */
  { name: 'judgeRationale', read: (context) => context.judgeRationale },
] as const satisfies readonly ColumnEntry<string, QuestionContext, string>[];

/** Identity columns, from the row itself. */
const ROW_TEXTS = ['id', 'hash', 'questionKey', 'language'] as const;

export const NUMERIC_COLUMNS = [...CANDIDATE_NUMBERS.map((column) => column.name), ...QUESTION_NUMBERS.map((column) => column.name)];
export type NumericColumn = (typeof CANDIDATE_NUMBERS)[number]['name'] | (typeof QUESTION_NUMBERS)[number]['name'];

export const TEXT_COLUMNS = [...ROW_TEXTS, ...CANDIDATE_TEXTS.map((column) => column.name), ...QUESTION_TEXTS.map((column) => column.name)];
export type TextColumn = (typeof ROW_TEXTS)[number] | (typeof CANDIDATE_TEXTS)[number]['name'] | (typeof QUESTION_TEXTS)[number]['name'];

export type NumericColumns = Record<NumericColumn, Float32Array>;
export type TextColumns = Record<TextColumn, string[]>;

export interface FeatureRow {
  id: string;
  /** The language the text should be in. */
  language: string;
  hash: string;
  questionKey: string;
  features: CandidateFeatures;
  context: QuestionContext;
}

export class FeatureTable {
  constructor(
    readonly size: number,
    readonly numbers: Readonly<NumericColumns>,
    private readonly loadTexts: () => TextColumns,
    /** The id column alone, where the table can read it without the other texts (a cache file). */
    private readonly loadIds?: () => readonly string[] | null,
  ) {}

  private texts: TextColumns | null = null;
  private idList: readonly string[] | null = null;

  /** The candidates' ids by row: what an export's flag counts need, without decoding the other texts. */
  ids(): readonly string[] {
    if (this.texts) return this.texts.id;
    this.idList ??= this.loadIds?.() ?? this.textColumn('id');
    return this.idList;
  }

  /** Text columns are decoded on first use: re-running rules needs numbers only. */
  text(column: TextColumn, row: number): string {
    this.texts ??= this.loadTexts();
    return this.texts[column][row] ?? '';
  }

  textColumn(column: TextColumn): readonly string[] {
    this.texts ??= this.loadTexts();
    return this.texts[column];
  }

  static fromRows(rows: readonly FeatureRow[]): FeatureTable {
    const numbers = allocateNumbers(rows.length);
    const texts = emptyTexts();
    rows.forEach((row, index) => writeRow(numbers, texts, index, row));
    return new FeatureTable(rows.length, numbers, () => texts);
  }
}

export function allocateNumbers(size: number): NumericColumns {
  const numbers = {} as NumericColumns;
  for (const column of NUMERIC_COLUMNS) numbers[column] = new Float32Array(size);
  return numbers;
}

export function emptyTexts(): TextColumns {
  const texts = {} as TextColumns;
  for (const column of TEXT_COLUMNS) texts[column] = [];
  return texts;
}

export function writeRow(numbers: NumericColumns, texts: TextColumns, row: number, source: FeatureRow): void {
  for (const column of ROW_TEXTS) texts[column][row] = source[column];
  for (const column of CANDIDATE_NUMBERS) numbers[column.name][row] = column.read(source.features);
  for (const column of CANDIDATE_TEXTS) texts[column.name][row] = column.read(source.features);
  writeQuestionContext(numbers, texts, row, source.context);
}

/** Overwrites the columns that depend on a row's question and siblings. */
export function writeQuestionContext(numbers: NumericColumns, texts: TextColumns, row: number, context: QuestionContext): void {
  for (const column of QUESTION_NUMBERS) numbers[column.name][row] = column.read(context);
  for (const column of QUESTION_TEXTS) texts[column.name][row] = column.read(context);
}

/** Copies one row of features (a cached, unchanged candidate) into columns being built. */
export function copyRow(from: FeatureTable, fromRow: number, numbers: NumericColumns, texts: TextColumns, toRow: number): void {
  for (const column of NUMERIC_COLUMNS) numbers[column][toRow] = from.numbers[column][fromRow]!;
  for (const column of TEXT_COLUMNS) texts[column][toRow] = from.text(column, fromRow);
}
