import { readChoice } from './answer-choice.js';
import { alignClockTimes } from './compare/clock-times.js';
import { compareExpressions } from './compare/compare-expressions.js';
import type { Verdict } from './compare/verdict.js';
import { extractFinalAnswer, extractReferenceAnswer } from './extract/final-answer.js';
import { BudgetExceeded, ComparisonBudget } from './math/comparison-budget.js';
import type { Expr } from './math/expression.js';
import { parseMath } from './math/parse-math.js';
import { contains } from './math/walk-expression.js';
import { MathSyntaxError } from './math/tokenize-math.js';
import { prepareAnswer, type PreparedAnswer } from './prepare-answer.js';
import { readQuestion, type QuestionHints } from './question-hints.js';
import type { UnitScale } from './unit-scales.js';

export type { Verdict } from './compare/verdict.js';

/** The outcome of comparing a final answer with a reference, and why when it could not be told. */
export interface AnswerComparison {
  verdict: Verdict;
  /** Set for 'unknown': what stopped the comparison. */
  reason?: string;
}

/**
 * Whether `answer` (an extracted final answer) says what `reference` says. The
 * reference may be a bare value or a whole solution (its box, its "#### 42").
 * The question tells percentages, roundings and multiple-choice options apart.
 * Bounded in time: a pathological expression gives 'unknown', never a hang.
 */
export function compareAnswers(reference: string, answer: string, question?: string): AnswerComparison {
  const hints = readQuestion(question);
  let ref = extractReferenceAnswer(reference);
  if (!answer.trim()) return { verdict: 'different' };
  if (answer.includes(':') && ref.includes(':')) [ref, answer] = alignClockTimes(ref, answer);
  if (ref.length > MAX_COMPARED_CHARS || answer.length > MAX_COMPARED_CHARS) {
    // the same text is the same answer, however long (a 60×60 matrix copied right)
    if (ref.replace(/\s+/g, '') === answer.replace(/\s+/g, '')) return { verdict: 'equal' };
    return { verdict: 'unknown', reason: 'too long to compare' };
  }
  const budget = new ComparisonBudget();
  try {
    return compareTexts(ref, answer, hints, budget, true);
  } catch (error) {
    if (error instanceof BudgetExceeded) return { verdict: 'unknown', reason: 'too complex to compare in time' };
    throw error;
  }
}

/** Longer answers are not parsed: a 300 kB matrix would cost more than a whole project's comparisons. */
const MAX_COMPARED_CHARS = 2000;

/** For grouping siblings' answers: only a sure 'equal' counts. */
export function answersEquivalent(a: string, b: string, question?: string): boolean {
  return compareAnswers(a, b, question).verdict === 'equal';
}

function compareTexts(ref: string, answer: string, hints: QuestionHints, budget: ComparisonBudget, choices: boolean): AnswerComparison {
  if (ref === answer || textKey(ref) === textKey(answer)) return { verdict: 'equal' };
  const left = prepareAnswer(ref);
  const right = prepareAnswer(answer);
  if (choices) {
    const choice = compareChoices(left, right, answer, hints, budget);
    if (choice) return choice;
  }
  // dates compare as dates; a date is never a number ("2015-03-14" is not the difference 1998)
  if (left.date || right.date) return { verdict: left.date === right.date ? 'equal' : 'different' };
  if (left.math === right.math || (textKey(left.math) === textKey(right.math) && left.percent === right.percent))
    return sameUnitSize(left, right) ? { verdict: 'equal' } : { verdict: 'different' };
  const refExpr = parse(left) ?? parseLastSide(left);
  const answerExpr = parse(right) ?? parseLastSide(right);
  // a sentence where the value was expected ("\\boxed{\\text{The answer is } 42}"): the value it ends on
  if ((!answerExpr || contains(answerExpr, 'text')) && /[A-Za-z]{3,}|[\u3400-\u9fff]/.test(right.math)) {
    const inner = extractFinalAnswer(right.math);
    if (inner.text && inner.text !== right.math && inner.source !== 'whole') return compareTexts(ref, inner.text, hints, budget, choices);
  }
  if (!refExpr || !answerExpr) {
    if (isWords(left.math) && isWords(right.math)) return { verdict: 'different' };
    return { verdict: 'unknown', reason: `could not read ${refExpr ? 'the answer' : 'the reference'} as math` };
  }
  const context = { budget, roundingPlaces: hints.roundingPlaces, asksPercent: hints.asksPercent, answerApproximate: right.approximate };
  let verdict = compareExpressions(refExpr, answerExpr, context);
  if (verdict !== 'equal' && left.degrees !== right.degrees) {
    // 60° against π/3: the degrees side in radians, when the other side speaks in π
    const radians = (expr: Expr): Expr => ({
      type: 'mul',
      factors: [expr, { type: 'const', name: 'pi' }, { type: 'num', value: { n: 1n, d: 180n }, text: '1/180' }],
    });
    const other = left.degrees ? right.math : left.math;
    if (/\\pi|π|\bpi\b/.test(other)) {
      verdict = bestOf(
        verdict,
        left.degrees
          ? compareExpressions(radians(refExpr), answerExpr, context)
          : compareExpressions(refExpr, radians(answerExpr), context),
      );
    }
  }
  if (verdict !== 'equal') {
    // "1000,99": a decimal comma, when the other side is a single number
    const refDecimal = decimalComma(left.math, answerExpr, false);
    const answerDecimal = decimalComma(right.math, refExpr, DECIMAL.test(left.math));
    if (refDecimal) verdict = bestOf(verdict, compareExpressions(refDecimal, answerExpr, context));
    if (answerDecimal) verdict = bestOf(verdict, compareExpressions(refExpr, answerDecimal, context));
  }
  if (left.unit && right.unit && left.unit.dimension === right.unit.dimension && left.unit.power === right.unit.power) {
    // "5 m" against "5 km": the same dimension in units of different size; "5000 m" is 5 km
    if (left.unit.factor !== right.unit.factor)
      verdict = compareExpressions(inBaseUnit(refExpr, left.unit), inBaseUnit(answerExpr, right.unit), context);
  } else if (left.unit && right.unit && left.unit.dimension !== right.unit.dimension) {
    verdict = 'different';
  }
  if (verdict !== 'equal' && (left.inSmallestUnit !== undefined || right.inSmallestUnit !== undefined)) {
    // "2 hours and 30 minutes" against 150: the duration in its smaller unit
    const refSmall = left.inSmallestUnit === undefined ? refExpr : parse({ ...left, math: left.inSmallestUnit });
    const answerSmall = right.inSmallestUnit === undefined ? answerExpr : parse({ ...right, math: right.inSmallestUnit });
    if (refSmall && answerSmall) verdict = bestOf(verdict, compareExpressions(refSmall, answerSmall, context));
  }
  return verdict === 'unknown' ? { verdict, reason: 'could not decide whether the two are equal' } : { verdict };
}

/** Whether the two sides' units of measure, when both carry one, are the same size ("5 m" is not "5 km"). */
function sameUnitSize(left: PreparedAnswer, right: PreparedAnswer): boolean {
  if (!left.unit || !right.unit) return true;
  if (left.unit.dimension !== right.unit.dimension) return false;
  return left.unit.power !== right.unit.power || left.unit.factor === right.unit.factor;
}

function inBaseUnit(expr: Expr, unit: UnitScale): Expr {
  const factor = parseMath(unit.power === 1 ? unit.factor : `${unit.factor}^${unit.power}`);
  return { type: 'mul', factors: [expr, factor] };
}

/**
 * What Math-Verify does when a whole answer does not parse: its last equation's right side.
 * "\int x^2\,dx = \frac{1}{3}x^3 + C" stands for "\frac{1}{3}x^3 + C".
 */
function parseLastSide(prepared: PreparedAnswer): Expr | null {
  const at = lastTopLevelEquals(prepared.math);
  if (at < 0) return null;
  const side = prepared.math.slice(at + 1).trim();
  return side === '' ? null : parse({ ...prepared, math: side });
}

function lastTopLevelEquals(math: string): number {
  let depth = 0;
  let found = -1;
  for (let i = 0; i < math.length; i++) {
    const c = math[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === '=' && depth === 0 && math[i - 1] !== '<' && math[i - 1] !== '>' && math[i - 1] !== '!') found = i;
  }
  return found;
}

function bestOf(a: Verdict, b: Verdict): Verdict {
  return a === 'equal' || b === 'equal' ? 'equal' : a === 'unknown' || b === 'unknown' ? 'unknown' : 'different';
}

/**
 * Multiple choice: letters compare as letters; an answer that gives the option's
 * value instead ("29" for "C. 29") is mapped to its letter through the question;
 * a reference "(D) 4" also accepts "4".
 */
function compareChoices(
  left: PreparedAnswer,
  right: PreparedAnswer,
  answer: string,
  hints: QuestionHints,
  budget: ComparisonBudget,
): AnswerComparison | null {
  const refChoice = readChoice(left.math);
  const answerChoice = readChoice(right.math);
  if (refChoice && refChoice.marked) {
    if (answerChoice && (answerChoice.marked || answerChoice.rest === '')) {
      return { verdict: answerChoice.letter === refChoice.letter ? 'equal' : 'different' };
    }
    for (const [letter, option] of hints.options) {
      if (compareTexts(option, answer, hints, budget, false).verdict === 'equal')
        return { verdict: letter === refChoice.letter ? 'equal' : 'different' };
    }
    if (refChoice.rest) return compareTexts(refChoice.rest, answer, hints, budget, false);
    return hints.options.size > 0 || isWords(answer) || /^[A-Ea-e]$/.test(answer.trim()) ? { verdict: 'different' } : null;
  }
  if (answerChoice && answerChoice.marked) {
    const option = hints.options.get(answerChoice.letter);
    if (option) return compareTexts(left.math, option, hints, budget, false);
    if (answerChoice.rest) return compareTexts(left.math, answerChoice.rest, hints, budget, false);
  }
  return null;
}

function parse(prepared: PreparedAnswer): Expr | null {
  const synonym = SET_WORDS.find(([pattern]) => pattern.test(prepared.math));
  try {
    return parseMath(synonym ? synonym[1] : prepared.math);
  } catch (error) {
    if (error instanceof MathSyntaxError) return null;
    throw error;
  }
}

const SET_WORDS: [RegExp, string][] = [
  [/^(?:no\s+(?:real\s+)?solutions?|none|no\s+such\s+\w+|there\s+(?:is|are)\s+no\s+solutions?|无解|无实数解|不存在)$/i, '\\emptyset'],
  [/^(?:all\s+real\s+numbers|every\s+real\s+number|全体实数|所有实数)$/i, '\\mathbb{R}'],
];

const DECIMAL = /^\s*[-−]?\d*\.\d+\s*$/;

/**
 * "3,5" read as 3.5. Two decimals after the comma, or a whole part too long for thousands,
 * say so on either side; one decimal ("3,5", as German, French or Russian write it) only in
 * the candidate's answer against a reference written with a decimal point, where the other
 * reading (the list 3, 5) could not equal it anyway.
 */
function decimalComma(math: string, other: Expr, otherIsDecimal: boolean): Expr | null {
  const match = /^(-?\d+),(\d+)$/.exec(math.trim());
  if (!match || other.type === 'list' || other.type === 'tuple' || other.type === 'set') return null;
  const [whole, fraction] = [match[1]!, match[2]!];
  const unambiguous = fraction.length === 2 || (whole.replace('-', '').length >= 4 && fraction.length !== 3);
  if (!unambiguous && !(otherIsDecimal && fraction.length !== 3)) return null;
  try {
    return parseMath(`${whole}.${fraction}`);
  } catch {
    return null;
  }
}

/** Text compared without case, articles, spaces, quotes and trailing punctuation. */
export function textKey(text: string): string {
  let key = text.toLowerCase();
  if (key.includes('\\text')) key = key.replace(/\\text\{([^{}]*)\}/g, '$1');
  if (key.startsWith('a') || key.startsWith('the')) key = key.replace(/^(?:the|a|an)\s+/, '');
  return key.replace(/(?<!\d)[.。](?!\d)|(?<![\d)}])!|[\s?？！"'“”‘’*$]+/g, '');
}

// Words are compared as words: as math, "Paris" would be P·a·r·i·s.
function isWords(text: string): boolean {
  return /[\u3400-\u9fff]/.test(text) || (/^[A-Za-z\s'’,.-]+$/.test(text) && /[A-Za-z]{3,}/.test(text));
}
