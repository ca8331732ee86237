import { collapseToOneLine } from '../../core/sanitize-text.js';
import { FORMAT_CODES, type FeatureTable } from '../features/feature-table.js';
import { RULE_BIT, rulesOfMask, type RuleId } from './rule-ids.js';
import { maskOf, type Rules } from './rules-config.js';

export interface Flag {
  rule: RuleId;
  detail: string;
}

const UNCLOSED_THINK = FORMAT_CODES.indexOf('unclosed_think');
const EMPTY_ANSWER = FORMAT_CODES.indexOf('empty_answer');

/**
 * Fires every rule on every row: thresholds and comparisons over cached numbers,
 * no text work, so a threshold change over a million candidates costs milliseconds.
 * Returns one bit mask of fired rules per row (bits of RULE_BIT).
 */
export function evaluateRules(table: FeatureTable, rules: Rules, out: Uint16Array = new Uint16Array(table.size)): Uint16Array {
  const n = table.numbers;
  const reasoningRepetition = repetitionColumns(n, 'r');
  const answerRepetition = repetitionColumns(n, 'a');
  const enabled = ~maskOf(rules.disabled);
  const { tooShort, tooLong, language, repetition, longParagraph, minorityAnswer, duplicateQuestion } = rules;
  for (let i = 0; i < table.size; i++) {
    let mask = 0;
    const format = n.format[i]!;
    const truncated = n.finishLength[i]! > 0 || format === UNCLOSED_THINK;
    // An answer cut off or missing is one flaw, not four: its root cause suppresses
    // "empty answer", "answer too short" and "no final answer to compare".
    const brokenAnswer = truncated || format > 0;
    if (format > 0 && !(truncated && format === EMPTY_ANSWER)) mask |= RULE_BIT.format;
    if (truncated) mask |= RULE_BIT.truncated;
    const answerMissing = brokenAnswer && n.hasFinal[i] === 0;
    if (n.refMatch[i] === 0 && !answerMissing) mask |= RULE_BIT.answer_mismatch;
    if (isMinority(n, i, minorityAnswer)) mask |= RULE_BIT.minority_answer;
    const reasoningWrong = isWrongLanguage(n.rExpected[i]!, n.rForeign[i]!, language);
    const answerWrong = isWrongLanguage(n.aExpected[i]!, n.aForeign[i]!, language);
    if (reasoningWrong || answerWrong) mask |= RULE_BIT.wrong_language;
    if ((!reasoningWrong && n.rSpan[i]! >= language.mixedMinSpanUnits) || (!answerWrong && n.aSpan[i]! >= language.mixedMinSpanUnits)) {
      mask |= RULE_BIT.mixed_language;
    }
    const answerShort = below(n.aChars[i]!, tooShort.answerChars) || below(n.aTokens[i]!, tooShort.answerTokens);
    // A teacher that never gives a trace (a chat model) is not held to the reasoning
    // minimums; one that traces its other answers to the question is.
    const traced = n.traced[i]! > 0;
    if (
      (traced && below(n.rChars[i]!, tooShort.reasoningChars)) ||
      (traced && below(n.rTokens[i]!, tooShort.reasoningTokens)) ||
      (answerShort && !(brokenAnswer && n.aChars[i] === 0))
    ) {
      mask |= RULE_BIT.too_short;
    }
    if (
      above(n.rChars[i]!, tooLong.reasoningChars) ||
      above(n.rTokens[i]!, tooLong.reasoningTokens) ||
      above(n.aChars[i]!, tooLong.answerChars) ||
      above(n.aTokens[i]!, tooLong.answerTokens)
    ) {
      mask |= RULE_BIT.too_long;
    }
    if (repetitionReason(reasoningRepetition, i, repetition) !== '' || repetitionReason(answerRepetition, i, repetition) !== '') {
      mask |= RULE_BIT.repetition;
    }
    if (n.refusal[i]! > 0) mask |= RULE_BIT.refusal;
    if (above(n.rMaxPara[i]!, longParagraph.maxChars) || above(n.aMaxPara[i]!, longParagraph.maxChars)) mask |= RULE_BIT.long_paragraph;
    if (n.dupSimilarity[i]! >= duplicateQuestion.minSimilarity) mask |= RULE_BIT.duplicate_question;
    out[i] = mask & enabled;
  }
  return out;
}

type Numbers = FeatureTable['numbers'];

function below(value: number, minimum: number): boolean {
  return minimum > 0 && value < minimum;
}

function above(value: number, maximum: number): boolean {
  return maximum > 0 && value > maximum;
}

function isWrongLanguage(expected: number, foreign: number, language: Rules['language']): boolean {
  const total = expected + foreign;
  return total >= language.minProseUnits && expected <= language.wrongMaxExpectedShare * total;
}

/**
 * Disagrees with a clear majority of its siblings. Only for questions without a
 * reference (CONTRACT.md): with one, answer_mismatch is the judge.
 */
function isMinority(n: Numbers, i: number, rule: Rules['minorityAnswer']): boolean {
  if (n.refMatch[i] !== -1 || n.hasFinal[i] === 0) return false;
  const answered = n.answered[i]!;
  const majority = n.majority[i]!;
  return answered >= rule.minCandidates && majority > rule.minMajorityShare * answered && n.agree[i]! < majority;
}

interface RepetitionColumns {
  run: Float32Array;
  share: Float32Array;
  chars: Float32Array;
  tail: Float32Array;
}

function repetitionColumns(n: Numbers, field: 'r' | 'a'): RepetitionColumns {
  return { run: n[`${field}RepRun`], share: n[`${field}RepShare`], chars: n[`${field}Chars`], tail: n[`${field}TailLoop`] };
}

/** Which repetition limit a field breaks ('' when none): 'run', 'share' or 'loop'. */
function repetitionReason(columns: RepetitionColumns, i: number, rule: Rules['repetition']): string {
  if (rule.maxRun > 0 && columns.run[i]! >= rule.maxRun) return 'run';
  const share = columns.share[i]!;
  if (rule.maxRepeatedShare > 0 && share >= rule.maxRepeatedShare && share * columns.chars[i]! >= rule.minRepeatedChars) return 'share';
  if (rule.maxTailLoopChars > 0 && columns.tail[i]! >= rule.maxTailLoopChars) return 'loop';
  return '';
}

/** Fails unless every fired rule is soft. */
export function verdictOf(mask: number, rules: Rules): 'pass' | 'fail' {
  return (mask & failingMask(rules)) === 0 ? 'pass' : 'fail';
}

/** Bits of the rules that fail a candidate (all but the soft ones); for loops over many masks. */
export function failingMask(rules: Rules): number {
  return ~maskOf(rules.soft) & 0xffff;
}

/** The `{rule, detail}` list of a row's fired rules; details quote the offending text. */
export function describeFlags(table: FeatureTable, row: number, mask: number, rules: Rules): Flag[] {
  return rulesOfMask(mask).map((rule) => ({ rule, detail: describeRule(table, row, rule, rules) }));
}

const FORMAT_DETAILS: Record<string, string> = {
  empty_answer: 'the answer is empty',
  unclosed_think: '<think> is never closed',
  stray_close_think: '</think> without an opening <think>',
  think_in_answer: 'a <think> block inside the answer',
};

const FIELD_NAMES = { r: 'reasoning', a: 'answer' } as const;

function describeRule(table: FeatureTable, i: number, rule: RuleId, rules: Rules): string {
  const n = table.numbers;
  switch (rule) {
    case 'format':
      return FORMAT_DETAILS[FORMAT_CODES[n.format[i]!]!] ?? 'broken template';
    case 'truncated':
      return n.finishLength[i]! > 0 ? 'finish_reason is "length": the output hit the token limit' : 'cut off inside <think>';
    case 'answer_mismatch':
      return n.hasFinal[i]! > 0
        ? `final answer "${clip(table.text('finalAnswer', i))}" does not match the reference`
        : 'no final answer found to compare with the reference';
    case 'minority_answer':
      return `final answer "${clip(table.text('finalAnswer', i))}" disagrees with the majority "${clip(table.text('majorityAnswer', i))}" (${n.majority[i]} of ${n.answered[i]})`;
    case 'wrong_language':
      return describeWrongLanguage(table, i, rules);
    case 'mixed_language':
      return describeMixedLanguage(table, i, rules);
    case 'too_short':
      return describeLimits(n, i, rules.tooShort, '<');
    case 'too_long':
      return describeLimits(n, i, rules.tooLong, '>');
    case 'repetition':
      return describeRepetition(table, i, rules);
    case 'refusal':
      return `the answer refuses: "${clip(table.text('refusal', i))}"`;
    case 'long_paragraph': {
      const field = n.rMaxPara[i]! > rules.longParagraph.maxChars ? 'r' : 'a';
      return `${FIELD_NAMES[field]} has a paragraph of ${n[`${field}MaxPara`][i]} characters (limit ${rules.longParagraph.maxChars})`;
    }
    case 'duplicate_question':
      return `question is ${Math.round(n.dupSimilarity[i]! * 100)}% similar to an earlier one: "${clip(table.text('duplicateOf', i))}"`;
  }
}

function describeWrongLanguage(table: FeatureTable, i: number, rules: Rules): string {
  const n = table.numbers;
  const expected = table.text('language', i);
  const parts: string[] = [];
  for (const field of ['r', 'a'] as const) {
    if (isWrongLanguage(n[`${field}Expected`][i]!, n[`${field}Foreign`][i]!, rules.language)) {
      const quote = clip(table.text(`${field}SpanText`, i));
      parts.push(`${FIELD_NAMES[field]} is in ${table.text(`${field}Dominant`, i)}, not ${expected}${quote ? `: "${quote}"` : ''}`);
    }
  }
  return parts.join('; ');
}

function describeMixedLanguage(table: FeatureTable, i: number, rules: Rules): string {
  const n = table.numbers;
  const parts: string[] = [];
  for (const field of ['r', 'a'] as const) {
    const wrong = isWrongLanguage(n[`${field}Expected`][i]!, n[`${field}Foreign`][i]!, rules.language);
    if (!wrong && n[`${field}Span`][i]! >= rules.language.mixedMinSpanUnits) {
      parts.push(`${FIELD_NAMES[field]} switches to ${table.text(`${field}SpanLang`, i)}: "${clip(table.text(`${field}SpanText`, i))}"`);
    }
  }
  return parts.join('; ');
}

function describeLimits(n: Numbers, i: number, limits: Rules['tooShort'], direction: '<' | '>'): string {
  const broken = (value: number, limit: number): boolean => (direction === '<' ? below(value, limit) : above(value, limit));
  const parts: string[] = [];
  // As in evaluateRules: the reasoning minimums bind only where the teacher gives traces.
  const reasoningBinds = direction === '>' || n.traced[i]! > 0;
  const checks: [string, number, number][] = [
    ['reasoning', n.rChars[i]!, reasoningBinds ? limits.reasoningChars : 0],
    ['reasoning', n.rTokens[i]!, reasoningBinds ? limits.reasoningTokens : 0],
    ['answer', n.aChars[i]!, limits.answerChars],
    ['answer', n.aTokens[i]!, limits.answerTokens],
  ];
  checks.forEach(([field, value, limit], index) => {
    if (broken(value, limit)) parts.push(`${field} ${value} ${index % 2 === 0 ? 'characters' : 'tokens'} ${direction} ${limit}`);
  });
  return parts.join('; ');
}

function describeRepetition(table: FeatureTable, i: number, rules: Rules): string {
  const n = table.numbers;
  const parts: string[] = [];
  for (const field of ['r', 'a'] as const) {
    const reason = repetitionReason(repetitionColumns(n, field), i, rules.repetition);
    const unit = clip(table.text(`${field}RepUnit`, i));
    if (reason === 'run') parts.push(`${FIELD_NAMES[field]} repeats "${unit}" ${n[`${field}RepRun`][i]} times in a row`);
    else if (reason === 'share')
      parts.push(`${Math.round(n[`${field}RepShare`][i]! * 100)}% of the ${FIELD_NAMES[field]} repeats earlier sentences, e.g. "${unit}"`);
    else if (reason === 'loop') parts.push(`${FIELD_NAMES[field]} ends in a loop of "${unit}" over ${n[`${field}TailLoop`][i]} characters`);
  }
  return parts.join('; ');
}

const CLIP = 60;

function clip(text: string): string {
  // Model text: control characters never reach a terminal through a detail.
  return collapseToOneLine(text, CLIP);
}
