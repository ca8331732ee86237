import type { CandidateFeatures, TextFeatures } from './features.js';
import type { FormatProblem } from './template-format.js';

/*
 * Features of many candidates, column by column: one Float32Array per number, so
 * that re-running the rules over a million candidates is a loop over typed arrays
 * (no million objects for the collector to walk), and a cache file is the columns'
 * bytes. Counts stay below 2^24, so float32 holds them exactly.
 */
export const NUMERIC_COLUMNS = [
  'rChars',
  'rTokens',
  'rMaxPara',
  'rExpected',
  'rForeign',
  'rSpan',
  'rRepShare',
  'rRepRun',
  'rTailLoop',
  'aChars',
  'aTokens',
  'aMaxPara',
  'aExpected',
  'aForeign',
  'aSpan',
  'aRepShare',
  'aRepRun',
  'aTailLoop',
  'finishLength',
  'format',
  'refusal',
  'hasFinal',
  /** 1 matches the reference, 0 differs, -1 no reference. */
  'refMatch',
  /** Candidates of the question whose final answer is equivalent to this one's (itself included). */
  'agree',
  /** Size of the largest group of equivalent answers of the question. */
  'majority',
  /** Candidates of the question with a final answer. */
  'answered',
  /** Candidates of the question with a reasoning trace: 0 means the teacher gives none. */
  'traced',
  /** Highest similarity of the question to an earlier question of the project (0 when none). */
  'dupSimilarity',
] as const;
export type NumericColumn = (typeof NUMERIC_COLUMNS)[number];

export const TEXT_COLUMNS = [
  'id',
  'hash',
  'questionKey',
  'language',
  'rDominant',
  'rSpanLang',
  'rSpanText',
  'rRepUnit',
  'aDominant',
  'aSpanLang',
  'aSpanText',
  'aRepUnit',
  'refusal',
  'finalAnswer',
  'majorityAnswer',
  'duplicateOf',
] as const;
export type TextColumn = (typeof TEXT_COLUMNS)[number];

export const FORMAT_CODES: readonly FormatProblem[] = ['', 'empty_answer', 'unclosed_think', 'stray_close_think', 'think_in_answer'];

/** What depends on a candidate's siblings and on its question, not on its own text. */
export interface QuestionContext {
  referenceMatch: -1 | 0 | 1;
  agree: number;
  majority: number;
  answered: number;
  traced: number;
  majorityAnswer: string;
  duplicateSimilarity: number;
  duplicateOf: string;
}

export const NO_QUESTION_CONTEXT: QuestionContext = {
  referenceMatch: -1,
  agree: 0,
  majority: 0,
  answered: 0,
  traced: 0,
  majorityAnswer: '',
  duplicateSimilarity: 0,
  duplicateOf: '',
};

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
    readonly numbers: Readonly<Record<NumericColumn, Float32Array>>,
    private readonly loadTexts: () => Record<TextColumn, string[]>,
  ) {}

  private texts: Record<TextColumn, string[]> | null = null;

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

export function allocateNumbers(size: number): Record<NumericColumn, Float32Array> {
  const numbers = {} as Record<NumericColumn, Float32Array>;
  for (const column of NUMERIC_COLUMNS) numbers[column] = new Float32Array(size);
  return numbers;
}

export function emptyTexts(): Record<TextColumn, string[]> {
  const texts = {} as Record<TextColumn, string[]>;
  for (const column of TEXT_COLUMNS) texts[column] = [];
  return texts;
}

function writeText(numbers: Record<NumericColumn, Float32Array>, prefix: 'r' | 'a', row: number, text: TextFeatures): void {
  numbers[`${prefix}Chars`][row] = text.chars;
  numbers[`${prefix}Tokens`][row] = text.tokens;
  numbers[`${prefix}MaxPara`][row] = text.maxParagraphChars;
  numbers[`${prefix}Expected`][row] = text.language.expectedUnits;
  numbers[`${prefix}Foreign`][row] = text.language.foreignUnits;
  numbers[`${prefix}Span`][row] = text.language.spanUnits;
  numbers[`${prefix}RepShare`][row] = text.repetition.repeatedShare;
  numbers[`${prefix}RepRun`][row] = text.repetition.maxRun;
  numbers[`${prefix}TailLoop`][row] = text.repetition.tailLoopChars;
}

export function writeRow(
  numbers: Record<NumericColumn, Float32Array>,
  texts: Record<TextColumn, string[]>,
  row: number,
  { id, language, hash, questionKey, features, context }: FeatureRow,
): void {
  writeText(numbers, 'r', row, features.reasoning);
  writeText(numbers, 'a', row, features.answer);
  numbers.finishLength[row] = features.finishReason === 'length' ? 1 : 0;
  numbers.format[row] = Math.max(0, FORMAT_CODES.indexOf(features.formatProblem));
  numbers.refusal[row] = features.refusal ? 1 : 0;
  numbers.hasFinal[row] = features.finalAnswer ? 1 : 0;
  numbers.refMatch[row] = context.referenceMatch;
  numbers.agree[row] = context.agree;
  numbers.majority[row] = context.majority;
  numbers.answered[row] = context.answered;
  numbers.traced[row] = context.traced;
  numbers.dupSimilarity[row] = context.duplicateSimilarity;
  texts.id[row] = id;
  texts.hash[row] = hash;
  texts.language[row] = language;
  texts.questionKey[row] = questionKey;
  texts.rDominant[row] = features.reasoning.language.dominant;
  texts.rSpanLang[row] = features.reasoning.language.spanLanguage;
  texts.rSpanText[row] = features.reasoning.language.spanText;
  texts.rRepUnit[row] = features.reasoning.repetition.unit;
  texts.aDominant[row] = features.answer.language.dominant;
  texts.aSpanLang[row] = features.answer.language.spanLanguage;
  texts.aSpanText[row] = features.answer.language.spanText;
  texts.aRepUnit[row] = features.answer.repetition.unit;
  texts.refusal[row] = features.refusal;
  texts.finalAnswer[row] = features.finalAnswer;
  texts.majorityAnswer[row] = context.majorityAnswer;
  texts.duplicateOf[row] = context.duplicateOf;
}

/** Copies one row of features (a cached, unchanged candidate) into columns being built. */
export function copyRow(
  from: FeatureTable,
  fromRow: number,
  numbers: Record<NumericColumn, Float32Array>,
  texts: Record<TextColumn, string[]>,
  toRow: number,
): void {
  for (const column of NUMERIC_COLUMNS) numbers[column][toRow] = from.numbers[column][fromRow]!;
  for (const column of TEXT_COLUMNS) texts[column][toRow] = from.text(column, fromRow);
}
