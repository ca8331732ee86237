import { sanitizeText } from '../../core/sanitize-text.js';
import { FORMAT_CODES, type NumericColumns, type TextField } from '../features/feature-table.js';
import { settingsGroup, type SettingValues } from './rule-definition.js';

// Conditions more than one rule (or a rule and its detail) share.

type Columns = Readonly<NumericColumns>;

export const UNCLOSED_THINK = FORMAT_CODES.indexOf('unclosed_think');
export const EMPTY_ANSWER = FORMAT_CODES.indexOf('empty_answer');

export function isTruncated(c: Columns, i: number): boolean {
  return c.finishedByLength[i]! > 0 || c.formatProblem[i] === UNCLOSED_THINK;
}

/**
 * An answer cut off or with a broken template. Its root cause is the flag: it
 * suppresses "empty answer", "answer too short" and "no final answer to compare".
 */
export function isBrokenAnswer(c: Columns, i: number): boolean {
  return isTruncated(c, i) || c.formatProblem[i]! > 0;
}

/** A limit of 0 is switched off. */
export function below(value: number, minimum: number): boolean {
  return minimum > 0 && value < minimum;
}

export function above(value: number, maximum: number): boolean {
  return maximum > 0 && value > maximum;
}

/** mixed_language and wrong_language read one group: a field wholly in another language is not also "mixed". */
export const LANGUAGE_SETTINGS = settingsGroup(
  'language',
  'Language rules. Prose is measured in units: a word of an alphabetic script, or one Han/kana character; code, LaTeX, URLs, numbers and short technical terms are not prose.',
  {
    minProseUnits: {
      type: 'integer',
      minimum: 1,
      default: 3,
      description: 'wrong_language needs at least this much judged prose in a field. Default 3.',
    },
    wrongMaxExpectedShare: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 0.25,
      description: "wrong_language fires when the expected language is at most this share of a field's prose. Default 0.25.",
    },
    mixedMinSpanUnits: {
      type: 'integer',
      minimum: 1,
      default: 4,
      description:
        'mixed_language fires when a field has a clause of another language at least this long, or any slip of a word or two of another language inside a sentence (and wrong_language did not fire). Default 4.',
    },
  },
);
export type LanguageSettings = SettingValues<typeof LANGUAGE_SETTINGS.fields>;

export function isWrongLanguage(expectedUnits: number, foreignUnits: number, settings: LanguageSettings): boolean {
  const total = expectedUnits + foreignUnits;
  return total >= settings.minProseUnits && expectedUnits <= settings.wrongMaxExpectedShare * total;
}

/** A clause of another language long enough, or a slip of a word or two inside a sentence (never a term, a name or code). */
export function isMixedLanguage(
  expectedUnits: number,
  foreignUnits: number,
  spanUnits: number,
  slips: number,
  settings: LanguageSettings,
): boolean {
  return (spanUnits >= settings.mixedMinSpanUnits || slips > 0) && !isWrongLanguage(expectedUnits, foreignUnits, settings);
}

// The per-field forms build column names: for details, not for a condition's hot path.

export function isFieldWrongLanguage(c: Columns, field: TextField, i: number, settings: LanguageSettings): boolean {
  return isWrongLanguage(c[`${field}ExpectedLanguageUnits`][i]!, c[`${field}ForeignLanguageUnits`][i]!, settings);
}

export function isFieldMixedLanguage(c: Columns, field: TextField, i: number, settings: LanguageSettings): boolean {
  return isMixedLanguage(
    c[`${field}ExpectedLanguageUnits`][i]!,
    c[`${field}ForeignLanguageUnits`][i]!,
    c[`${field}ForeignSpanUnits`][i]!,
    c[`${field}LanguageSlips`][i]!,
    settings,
  );
}

export interface RepetitionSettings {
  maxRun: number;
  maxRepeatedShare: number;
  minRepeatedChars: number;
  maxTailLoopChars: number;
}

/** Which repetition limit a field breaks ('' when none): 'run', 'share' or 'loop'. */
export function repetitionReason(
  backToBackRepeats: number,
  repeatedShare: number,
  chars: number,
  loopChars: number,
  settings: RepetitionSettings,
): '' | 'run' | 'share' | 'loop' {
  if (settings.maxRun > 0 && backToBackRepeats >= settings.maxRun) return 'run';
  if (settings.maxRepeatedShare > 0 && repeatedShare >= settings.maxRepeatedShare && repeatedShare * chars >= settings.minRepeatedChars) {
    return 'share';
  }
  if (settings.maxTailLoopChars > 0 && loopChars >= settings.maxTailLoopChars) return 'loop';
  return '';
}

export function fieldRepetitionReason(
  c: Columns,
  field: TextField,
  i: number,
  settings: RepetitionSettings,
): '' | 'run' | 'share' | 'loop' {
  return repetitionReason(
    c[`${field}BackToBackRepeats`][i]!,
    c[`${field}RepeatedSentenceShare`][i]!,
    c[`${field}Chars`][i]!,
    c[`${field}LoopChars`][i]!,
    settings,
  );
}

const CLIP = 60;

/** Model text quoted in a detail: one line, controls shown as visible marks, at most 60 characters. */
export function clipQuote(text: string): string {
  const flat = sanitizeText(text).replace(/\s+/g, ' ').trim();
  if (flat.length <= CLIP) return flat;
  let end = CLIP - 1;
  if (/[\uD800-\uDBFF]/.test(flat[end - 1]!)) end--; // never half a surrogate pair
  return flat.slice(0, end) + '…';
}
