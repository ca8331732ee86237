import { FORMAT_CODES, TEXT_FIELDS, type FeatureTable, type NumericColumn, type TextField } from '../features/feature-table.js';
import { REFUSAL_KINDS, type RefusalKind } from '../features/refusal.js';
import { STALE_DETAIL } from '../../core/candidate-identity.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import { verdictCode } from '../../core/judgement.js';
import { defineRule, type SettingValues } from './rule-definition.js';
import {
  above,
  below,
  clipQuote,
  EMPTY_ANSWER,
  fieldRepetitionReason,
  isBrokenAnswer,
  isFieldMixedLanguage,
  isFieldWrongLanguage,
  isMixedLanguage,
  isTruncated,
  isWrongLanguage,
  LANGUAGE_SETTINGS,
  type LanguageSettings,
  repetitionReason,
} from './rule-conditions.js';

/*
 * Every rule, in the order flags are listed (a rule's bit in a flag mask is its
 * index here). A rule is one entry: its id, the short label of the stats chart,
 * the title of the TUI's filter menu, its thresholds with their schema defaults,
 * the condition over the feature columns (features/feature-table.ts) and the
 * flag's detail. schemas/rules.schema.json is generated from this table
 * (`npm run schemas`; a test fails while it is stale).
 */

const FORMAT_DETAILS: Record<string, string> = {
  empty_answer: 'the answer is empty',
  unclosed_think: '<think> is never closed',
  stray_close_think: '</think> without an opening <think>',
  think_in_answer: 'a <think> block inside the answer',
};

const JUDGE_CORRECT = verdictCode('correct');
const JUDGE_INCORRECT = verdictCode('incorrect');

const LENGTH_FIELDS = {
  reasoningChars: { type: 'integer', minimum: 0, default: 0 },
  reasoningTokens: { type: 'integer', minimum: 0, default: 0 },
  answerChars: { type: 'integer', minimum: 0, default: 0 },
  answerTokens: { type: 'integer', minimum: 0, default: 0 },
} as const;
type LengthLimits = SettingValues<typeof LENGTH_FIELDS>;

export const RULE_TABLE = [
  defineRule({
    id: 'format',
    label: 'format',
    title: 'broken template or empty answer',
    // An empty answer of a truncated candidate is the truncation, not a second flaw.
    fires: (c, i) => c.formatProblem[i]! > 0 && !(isTruncated(c, i) && c.formatProblem[i] === EMPTY_ANSWER),
    detail: (t, i) => FORMAT_DETAILS[FORMAT_CODES[t.numbers.formatProblem[i]!]!] ?? 'broken template',
  }),
  defineRule({
    id: 'truncated',
    label: 'trunc',
    title: 'cut off by the token limit',
    fires: isTruncated,
    detail: (t, i) =>
      t.numbers.finishedByLength[i] === 2
        ? 'the answer passed the size limit (maxAnswerChars in distill.json): it was cut there and the rest was not read'
        : t.numbers.finishedByLength[i]! > 0
          ? 'finish_reason is "length": the output hit the token limit'
          : 'cut off inside <think>',
  }),
  defineRule({
    id: 'answer_mismatch',
    label: 'wrong',
    title: 'final answer differs from the reference',
    // Where the comparison could not decide, the judge's verdict does (JUDGE_CORRECT: it says the answer is right).
    fires: (c, i) =>
      c.referenceMatch[i] === 0 &&
      !(isBrokenAnswer(c, i) && c.hasFinalAnswer[i] === 0) &&
      !(c.referenceUndecided[i]! > 0 && c.judgeVerdict[i] === JUDGE_CORRECT),
    detail: (t, i) =>
      t.numbers.hasFinalAnswer[i]! === 0
        ? 'no final answer found to compare with the reference'
        : t.numbers.referenceUndecided[i]! > 0
          ? `final answer "${clipQuote(t.text('finalAnswer', i))}" could not be compared with the reference (${t.text('referenceNote', i) || 'undecided'})${t.numbers.judgeVerdict[i] === JUDGE_INCORRECT ? '; the judge says it is incorrect' : ''}`
          : `final answer "${clipQuote(t.text('finalAnswer', i))}" does not match the reference`,
  }),
  defineRule({
    id: 'minority_answer',
    label: 'minor',
    title: 'disagrees with the majority of its siblings',
    settings: {
      key: 'minorityAnswer',
      description:
        "minority_answer (questions without a reference): fires when a candidate's final answer differs from the answer of the largest group of equivalent answers, that group holds more than minMajorityShare of the question's answered candidates, and at least minCandidates candidates answered. Defaults 3 and 0.5.",
      fields: {
        minCandidates: { type: 'integer', minimum: 2, default: 3 },
        minMajorityShare: { type: 'number', minimum: 0, maximum: 1, default: 0.5 },
      },
    },
    // Only without a reference (README, Checks): with one, answer_mismatch is the judge.
    fires: (c, i, s) =>
      c.referenceMatch[i] === -1 &&
      c.hasFinalAnswer[i] !== 0 &&
      c.answeredCandidates[i]! >= s.minCandidates &&
      c.majorityAnswers[i]! > s.minMajorityShare * c.answeredCandidates[i]! &&
      c.agreeingAnswers[i]! < c.majorityAnswers[i]!,
    detail: (t, i) =>
      `final answer "${clipQuote(t.text('finalAnswer', i))}" disagrees with the majority "${clipQuote(t.text('majorityAnswer', i))}" ` +
      `(${t.numbers.majorityAnswers[i]} of ${t.numbers.answeredCandidates[i]})`,
  }),
  defineRule({
    id: 'mixed_language',
    label: 'mixed',
    title: 'switches language mid-way',
    settings: LANGUAGE_SETTINGS,
    fires: (c, i, s) =>
      isMixedLanguage(
        c.reasoningExpectedLanguageUnits[i]!,
        c.reasoningForeignLanguageUnits[i]!,
        c.reasoningForeignSpanUnits[i]!,
        c.reasoningLanguageSlips[i]!,
        s,
      ) ||
      isMixedLanguage(
        c.answerExpectedLanguageUnits[i]!,
        c.answerForeignLanguageUnits[i]!,
        c.answerForeignSpanUnits[i]!,
        c.answerLanguageSlips[i]!,
        s,
      ),
    detail: (t, i, s) =>
      TEXT_FIELDS.filter((field) => isFieldMixedLanguage(t.numbers, field, i, s))
        .map((field) => describeMixedLanguage(t, field, i, s))
        .join('; '),
  }),
  defineRule({
    id: 'wrong_language',
    label: 'lang',
    title: 'written in another language',
    settings: LANGUAGE_SETTINGS,
    fires: (c, i, s) =>
      isWrongLanguage(c.reasoningExpectedLanguageUnits[i]!, c.reasoningForeignLanguageUnits[i]!, s) ||
      isWrongLanguage(c.answerExpectedLanguageUnits[i]!, c.answerForeignLanguageUnits[i]!, s),
    detail: (t, i, s) =>
      TEXT_FIELDS.filter((field) => isFieldWrongLanguage(t.numbers, field, i, s))
        .map((field) => {
          const quote = clipQuote(t.text(`${field}ForeignSpanText`, i));
          return `${field} is in ${t.text(`${field}DominantLanguage`, i)}, not ${t.text('language', i)}${quote ? `: "${quote}"` : ''}`;
        })
        .join('; '),
  }),
  defineRule({
    id: 'too_short',
    label: 'short',
    title: 'reasoning or answer too short',
    settings: {
      key: 'tooShort',
      description:
        'too_short fires when a field is below any of these minimums (0 = no minimum). Defaults: reasoning at least 20 tokens, answer at least 2 characters. The reasoning minimums apply only to questions where the teacher gave at least one candidate a trace, so a chat model without traces is not failed for lacking one.',
      fields: {
        ...LENGTH_FIELDS,
        reasoningTokens: { ...LENGTH_FIELDS.reasoningTokens, default: 20 },
        answerChars: { ...LENGTH_FIELDS.answerChars, default: 2 },
      },
    },
    fires: (c, i, s) => {
      // A teacher that never gives a trace (a chat model) is not held to the reasoning minimums.
      const traced = c.tracedCandidates[i]! > 0;
      if (traced && (below(c.reasoningChars[i]!, s.reasoningChars) || below(c.reasoningTokens[i]!, s.reasoningTokens))) return true;
      const answerShort = below(c.answerChars[i]!, s.answerChars) || below(c.answerTokens[i]!, s.answerTokens);
      return answerShort && !(isBrokenAnswer(c, i) && c.answerChars[i] === 0);
    },
    detail: (t, i, s) => describeLimits(t, i, s, '<'),
  }),
  defineRule({
    id: 'too_long',
    label: 'long',
    title: 'reasoning or answer too long',
    settings: {
      key: 'tooLong',
      description:
        'too_long fires when a field is above any of these maximums (0 = no maximum). Tokens are estimated (about o200k_base). Defaults: reasoning 16000 tokens, answer 4000 tokens.',
      fields: {
        ...LENGTH_FIELDS,
        reasoningTokens: { ...LENGTH_FIELDS.reasoningTokens, default: 16000 },
        answerTokens: { ...LENGTH_FIELDS.answerTokens, default: 4000 },
      },
    },
    fires: (c, i, s) =>
      above(c.reasoningChars[i]!, s.reasoningChars) ||
      above(c.reasoningTokens[i]!, s.reasoningTokens) ||
      above(c.answerChars[i]!, s.answerChars) ||
      above(c.answerTokens[i]!, s.answerTokens),
    detail: (t, i, s) => describeLimits(t, i, s, '>'),
  }),
  defineRule({
    id: 'repetition',
    label: 'repeat',
    title: 'degenerate repetition or a loop',
    settings: {
      key: 'repetition',
      description:
        'repetition fires on any of: one sentence repeated back to back at least maxRun times; repeated sentences covering at least maxRepeatedShare of a field (and minRepeatedChars characters); a loop (a phrase, or a few characters without spaces, repeated back to back; a unit without letters, such as a box border or a table rule, is not one) covering at least maxTailLoopChars characters. Defaults 3, 0.3, 200, 120.',
      fields: {
        maxRun: { type: 'integer', minimum: 0, default: 3 },
        maxRepeatedShare: { type: 'number', minimum: 0, maximum: 1, default: 0.3 },
        minRepeatedChars: { type: 'integer', minimum: 0, default: 200 },
        maxTailLoopChars: { type: 'integer', minimum: 0, default: 120 },
      },
    },
    fires: (c, i, s) =>
      repetitionReason(
        c.reasoningBackToBackRepeats[i]!,
        c.reasoningRepeatedSentenceShare[i]!,
        c.reasoningChars[i]!,
        c.reasoningLoopChars[i]!,
        s,
      ) !== '' ||
      repetitionReason(c.answerBackToBackRepeats[i]!, c.answerRepeatedSentenceShare[i]!, c.answerChars[i]!, c.answerLoopChars[i]!, s) !==
        '',
    detail: (t, i, s) =>
      TEXT_FIELDS.map((field) => {
        const unit = clipQuote(t.text(`${field}RepeatedText`, i));
        switch (fieldRepetitionReason(t.numbers, field, i, s)) {
          case 'run':
            return `${field} repeats "${unit}" ${t.numbers[`${field}BackToBackRepeats`][i]} times in a row`;
          case 'share':
            return `${Math.round(t.numbers[`${field}RepeatedSentenceShare`][i]! * 100)}% of the ${field} repeats earlier sentences, e.g. "${unit}"`;
          case 'loop':
            return `${field} loops on "${unit}" over ${t.numbers[`${field}LoopChars`][i]} characters`;
          case '':
            return '';
        }
      })
        .filter((part) => part !== '')
        .join('; '),
  }),
  defineRule({
    id: 'refusal',
    label: 'refuse',
    title: 'the answer refuses',
    fires: (c, i) => c.refuses[i]! > 0,
    detail: (t, i) => describeRefusal(REFUSAL_KINDS[t.numbers.refuses[i]!] ?? 'phrase', t.text('refusalPhrase', i)),
  }),
  defineRule({
    id: 'long_paragraph',
    label: 'para',
    title: 'an over-long paragraph',
    settings: {
      key: 'longParagraph',
      description:
        'long_paragraph fires when a paragraph (text between blank lines) of either field has more characters than maxChars. Default 1500.',
      fields: { maxChars: { type: 'integer', minimum: 0, default: 1500 } },
    },
    fires: (c, i, s) => above(c.reasoningLongestParagraph[i]!, s.maxChars) || above(c.answerLongestParagraph[i]!, s.maxChars),
    detail: (t, i, s) => {
      const field: TextField = above(t.numbers.reasoningLongestParagraph[i]!, s.maxChars) ? 'reasoning' : 'answer';
      return `${field} has a paragraph of ${t.numbers[`${field}LongestParagraph`][i]} characters (limit ${s.maxChars})`;
    },
  }),
  defineRule({
    id: 'duplicate_question',
    label: 'dup-q',
    title: 'the question nearly repeats another',
    settings: {
      key: 'duplicateQuestion',
      description:
        'duplicate_question fires on the candidates of a question whose text is at least this similar (estimated Jaccard similarity of character 3-gram shingles) to an earlier question of the project. Default 0.7; values below 0.5 find fewer pairs than they should.',
      fields: { minSimilarity: { type: 'number', minimum: 0.3, maximum: 1, default: 0.7 } },
    },
    fires: (c, i, s) => c.duplicateSimilarity[i]! >= s.minSimilarity,
    detail: (t, i) =>
      `question is ${Math.round(t.numbers.duplicateSimilarity[i]! * 100)}% similar to an earlier one: "${clipQuote(t.text('duplicateOf', i))}"`,
  }),
  defineRule({
    id: 'contaminated',
    label: 'bench',
    title: 'repeats a benchmark question',
    // Found by `distill decontaminate` (its --ngram and --ratio are the thresholds); stored per question.
    fires: (c, i) => c.benchmarkMatches[i]! > 0,
    detail: (t, i) => sanitizeLine(t.text('contaminatedBy', i)),
    evidence: (t, i) => t.text('benchmarkText', i),
  }),
  defineRule({
    id: 'stale',
    label: 'stale',
    title: 'answers a question edited since',
    // Set from the candidate's recorded question hash (core/candidate-identity); the store keeps stale
    // candidates out of accept --passing and the export whatever this rule's settings.
    fires: (c, i) => c.answersEditedQuestion[i]! > 0,
    detail: () => STALE_DETAIL,
  }),
  defineRule({
    id: 'low_confidence',
    label: 'unsure',
    title: "the teacher was unsure of its answer's tokens",
    settings: {
      key: 'lowConfidence',
      description:
        "low_confidence fires on a candidate with logprobs (a teacher with logprobs.topK > 0) when the mean log-probability of its tokens is below minMeanLogprob, or the probability of its final answer's tokens is below minFinalAnswerProb (0 = off). Soft by default: flagged, not failed. Defaults -1 and 0.5.",
      fields: {
        minMeanLogprob: { type: 'number', minimum: -20, maximum: 0, default: -1 },
        minFinalAnswerProb: { type: 'number', minimum: 0, maximum: 1, default: 0.5 },
      },
    },
    fires: (c, i, s) =>
      c.hasLogprobs[i] === 1 &&
      (c.meanTokenLogprob[i]! < s.minMeanLogprob || (c.finalAnswerProb[i]! >= 0 && c.finalAnswerProb[i]! < s.minFinalAnswerProb)),
    detail: (t, i, s) => {
      const parts: string[] = [];
      if (t.numbers.meanTokenLogprob[i]! < s.minMeanLogprob)
        parts.push(`mean token log-probability ${t.numbers.meanTokenLogprob[i]!.toFixed(2)} < ${s.minMeanLogprob}`);
      const final = t.numbers.finalAnswerProb[i]!;
      if (final >= 0 && final < s.minFinalAnswerProb)
        parts.push(`final answer "${clipQuote(t.text('finalAnswer', i))}" has probability ${final.toFixed(2)} < ${s.minFinalAnswerProb}`);
      return parts.join('; ');
    },
  }),
  defineRule({
    id: 'judge_score',
    label: 'score',
    title: 'the LLM judge scored it low',
    settings: {
      key: 'judgeScore',
      description:
        'judge_score fires on a candidate the LLM judge (distill judge) scored below minScore, on its 1–10 scale. Candidates never judged are not flagged. Default 6.',
      fields: { minScore: { type: 'number', minimum: 1, maximum: 10, default: 6 } },
    },
    fires: (c, i, s) => c.judgeScore[i]! > 0 && c.judgeScore[i]! < s.minScore,
    detail: (t, i, s) => `the judge scored it ${t.numbers.judgeScore[i]}/10 (< ${s.minScore})${judgeReason(t, i)}`,
  }),
  defineRule({
    id: 'judge_incorrect',
    label: 'jwrong',
    title: 'the LLM judge says the final answer is wrong',
    // Where the rules found the final answer equal to the reference, that comparison stands over the judge's.
    fires: (c, i) => c.judgeVerdict[i] === JUDGE_INCORRECT && c.referenceMatch[i] !== 1,
    detail: (t, i) => `the judge says the final answer is incorrect${judgeReason(t, i)}`,
  }),
] as const;

/** ': "why"' from the judge's rationale, made one safe line (model text). */
function judgeReason(t: FeatureTable, i: number): string {
  const why = clipQuote(sanitizeLine(t.text('judgeRationale', i)));
  return why ? `: "${why}"` : '';
}

/** "reasoning 12 tokens < 20; answer 1 characters < 2" */
function describeLimits(t: FeatureTable, i: number, limits: LengthLimits, direction: '<' | '>'): string {
  const broken = (value: number, limit: number): boolean => (direction === '<' ? below(value, limit) : above(value, limit));
  // As in too_short: the reasoning minimums bind only where the teacher gives traces.
  const reasoningBinds = direction === '>' || t.numbers.tracedCandidates[i]! > 0;
  const checks: [TextField, NumericColumn, number, string][] = [
    ['reasoning', 'reasoningChars', reasoningBinds ? limits.reasoningChars : 0, 'characters'],
    ['reasoning', 'reasoningTokens', reasoningBinds ? limits.reasoningTokens : 0, 'tokens'],
    ['answer', 'answerChars', limits.answerChars, 'characters'],
    ['answer', 'answerTokens', limits.answerTokens, 'tokens'],
  ];
  return checks
    .filter(([, column, limit]) => broken(t.numbers[column][i]!, limit))
    .map(([field, column, limit, unit]) => `${field} ${t.numbers[column][i]} ${unit} ${direction} ${limit}`)
    .join('; ');
}

/** The clause when it is long enough, else the first slip, quoted with the words around it. */
function describeMixedLanguage(t: FeatureTable, field: TextField, i: number, s: LanguageSettings): string {
  if (t.numbers[`${field}ForeignSpanUnits`][i]! >= s.mixedMinSpanUnits) {
    return `${field} switches to ${t.text(`${field}ForeignSpanLanguage`, i)}: "${clipQuote(t.text(`${field}ForeignSpanText`, i))}"`;
  }
  const slips = t.numbers[`${field}LanguageSlips`][i]!;
  const more = slips > 1 ? ` (and ${slips - 1} more)` : '';
  return `${field} slips into ${t.text(`${field}SlipLanguage`, i)}: "${clipQuote(t.text(`${field}SlipText`, i))}"${more}`;
}

function describeRefusal(kind: RefusalKind, text: string): string {
  if (kind === 'content_filter') return 'finish_reason is "content_filter": the server withheld the answer';
  if (kind === 'server') return `the server refused: "${clipQuote(text)}"`;
  return `the answer refuses: "${clipQuote(text)}"`;
}
