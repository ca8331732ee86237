import { nearlyEqual, isFiniteComplex } from '../math/complex-number.js';
import { evaluate, exactValue, type Value } from '../math/evaluate-math.js';
import type { Expr } from '../math/expression.js';
import { add, compare as compareRationals, negate, rational, toNumber } from '../math/rational.js';
import { childrenOf, contains, freeSymbols, sameTree } from '../math/walk-expression.js';
import { anyOf, type CompareContext, type Verdict } from './verdict.js';

/**
 * Two numbers or formulas. Exact values (integers, fractions, radicals) must be
 * equal: 99999999999 is not 100000000000. A decimal that is a rounding gets half
 * a unit in its last place (0.714 for 5/7; a reference's 0.67 for 2/3). Formulas
 * with free variables are compared at sample points, exactly where the arithmetic
 * stays rational.
 */
export function compareScalars(ref: Expr, answer: Expr, context: CompareContext): Verdict {
  if (contains(ref, 'text') || contains(answer, 'text')) return sameTree(ref, answer) ? 'equal' : 'different';
  return anyOf(percentReadings(ref, answer, context).map(([r, a]) => compareValues(r, a, context)));
}

/** 28% is 0.28, and also 28 when the other side has no percent sign ("what percent …?" answered "28"). */
function percentReadings(ref: Expr, answer: Expr, context: CompareContext): [Expr, Expr][] {
  const readings: [Expr, Expr][] = [[ref, answer]];
  const refPercent = ref.type === 'percent';
  const answerPercent = answer.type === 'percent';
  if (refPercent && !answerPercent) readings.push([ref.arg, answer]);
  if (answerPercent && !refPercent) readings.push([ref, answer.arg]);
  if (context.asksPercent && !refPercent && !answerPercent) {
    const hundred: Expr = { type: 'num', value: rational(100n), text: '100' };
    readings.push([ref, { type: 'mul', factors: [answer, hundred] }], [{ type: 'mul', factors: [ref, hundred] }, answer]);
  }
  return readings;
}

function compareValues(ref: Expr, answer: Expr, context: CompareContext): Verdict {
  const symbols = [...freeSymbols(ref, freeSymbols(answer))].sort();
  if (symbols.length > 0) return compareBySampling(ref, answer, symbols, context);
  const left = evaluate(ref, new Map(), context.budget);
  const right = evaluate(answer, new Map(), context.budget);
  if (!left || !right) return 'unknown';
  const leftFinite = isFiniteComplex(left.approx);
  const rightFinite = isFiniteComplex(right.approx);
  if (!leftFinite || !rightFinite) {
    if (Number.isNaN(left.approx.re) || Number.isNaN(right.approx.re)) return 'unknown';
    if (!leftFinite && !rightFinite) {
      // ∞ is ∞; but 10^{10^{10}} and 10^{10^{10}}+1 only both overflow a double: could not tell
      if (left.exact || right.exact || !namesInfinity(ref) || !namesInfinity(answer)) return 'unknown';
      return Math.sign(left.approx.re) === Math.sign(right.approx.re) ? 'equal' : 'different';
    }
    // beyond a double's range (or infinite) against an ordinary number: surely not the same
    return 'different';
  }
  if (left.exact && right.exact && compareRationals(left.exact, right.exact) === 0) return 'equal';
  if (!(left.exact && right.exact) && nearlyEqual(left.approx, right.approx)) return 'equal';
  const tolerance = roundingTolerance(ref, answer, context);
  if (tolerance > 0 && left.approx.im === 0 && right.approx.im === 0) {
    // exact sides differ exactly: 0.999…9 (100 nines) and 1 are one double apart, not one rounding
    const exactGap = left.exact && right.exact ? add(left.exact, negate(right.exact), context.budget) : null;
    const gap = exactGap ? Math.abs(toNumber(exactGap)) : Math.abs(left.approx.re - right.approx.re);
    return gap <= tolerance * (1 + 1e-9) + (exactGap ? 0 : 1e-15) ? 'equal' : 'different';
  }
  return 'different';
}

interface Precision {
  decimals: number;
  significant: number;
  /** Power of ten of e-notation and of a percent (−2). */
  scale: number;
}

/** How a plain decimal literal was written (-0.250 → 3 decimals, 3 significant digits); null for anything else. */
function literalPrecision(expr: Expr): Precision | null {
  let scale = 0;
  if (expr.type === 'neg') expr = expr.arg;
  if (expr.type === 'percent') {
    scale = -2;
    expr = expr.arg;
    if (expr.type === 'neg') expr = expr.arg;
  }
  if (expr.type !== 'num') return null;
  const match = /^(\d*)\.(\d+)(?:e(-?\d+))?$/.exec(expr.text);
  if (!match) return null;
  const digits = (match[1]! + match[2]!).replace(/^0+/, '');
  return { decimals: match[2]!.length, significant: digits.length, scale: scale + Number(match[3] ?? 0) };
}

const half = (precision: Precision, decimals = precision.decimals): number => 0.5 * 10 ** (precision.scale - decimals);

/**
 * The tolerance a rounded decimal earns. The answer's decimal needs ≥ 3 significant
 * digits (0.67 is too coarse for 2/3, 0.667 is not), or an explicit ≈. The
 * reference's decimal counts as rounded with ≥ 2 decimals or ≥ 3 significant
 * digits when the answer is more precise than it. A question that asks for a
 * rounding allows that rounding either way.
 */
function roundingTolerance(ref: Expr, answer: Expr, context: CompareContext): number {
  const refPrecision = literalPrecision(ref);
  const answerPrecision = literalPrecision(answer);
  let tolerance = 0;
  if (answerPrecision && (answerPrecision.significant >= 3 || (context.answerApproximate && answerPrecision.significant >= 1))) {
    tolerance = half(answerPrecision);
  }
  if (refPrecision && (refPrecision.decimals >= 2 || refPrecision.significant >= 3)) {
    const morePrecise = !answerPrecision || answerPrecision.decimals - answerPrecision.scale > refPrecision.decimals - refPrecision.scale;
    if (morePrecise) tolerance = Math.max(tolerance, half(refPrecision));
  }
  const written = answerPrecision ?? refPrecision;
  if (context.roundingPlaces !== null && written) {
    // the places count in the number as written: "83.3%" to one decimal is 0.833 ± 0.0005
    tolerance = Math.max(tolerance, 0.5 * 10 ** (written.scale - context.roundingPlaces));
  }
  return tolerance;
}

const SAMPLES = (
  [
    [13n, 10n],
    [17n, 7n],
    [5n, 11n],
    [19n, 6n],
    [7n, 3n],
    [23n, 9n],
    [11n, 13n],
    [29n, 17n],
    [3n, 2n],
    [31n, 12n],
    [9n, 14n],
  ] as [bigint, bigint][]
).map(([n, d]) => exactValue(rational(n, d)));
const POINTS = 4;

function compareBySampling(ref: Expr, answer: Expr, symbols: string[], context: CompareContext): Verdict {
  let agreed = 0;
  for (let k = 0; k < POINTS; k++) {
    const point = new Map<string, Value>();
    symbols.forEach((name, j) => point.set(name, SAMPLES[(k * 3 + j * 5) % SAMPLES.length]!));
    const left = evaluate(ref, point, context.budget);
    const right = evaluate(answer, point, context.budget);
    if (!left || !right || !isFiniteComplex(left.approx) || !isFiniteComplex(right.approx)) continue;
    const same = left.exact && right.exact ? compareRationals(left.exact, right.exact) === 0 : nearlyEqual(left.approx, right.approx, 1e-8);
    if (!same) return 'different';
    agreed++;
  }
  return agreed >= 2 ? 'equal' : 'unknown';
}

/** The value of a variable-free scalar, for interval endpoints and orderings. */
export function numericValue(expr: Expr, context: CompareContext): number | null {
  const value = evaluate(expr, new Map(), context.budget);
  if (!value || Math.abs(value.approx.im) > 1e-12) return null;
  return value.exact ? toNumber(value.exact) : value.approx.re;
}

function namesInfinity(expr: Expr): boolean {
  return (expr.type === 'const' && expr.name === 'inf') || childrenOf(expr).some(namesInfinity);
}
