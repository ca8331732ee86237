import type { Expr, RelationOp } from '../math/expression.js';
import { freeSymbols } from '../math/walk-expression.js';
import { compareScalars, numericValue } from './compare-scalars.js';
import { allOf, type CompareContext, type Verdict } from './verdict.js';

/** A set of reals as answers write them: intervals and single points. */
interface IntervalSet {
  intervals: Interval[];
  points: Expr[];
}

interface Interval {
  low: Expr | null; // null: −∞
  lowClosed: boolean;
  high: Expr | null; // null: +∞
  highClosed: boolean;
}

const INFINITY: Expr = { type: 'const', name: 'inf' };

/**
 * Reads an answer as a set of reals: an interval "(−2, 7)", a union, ℝ, ∅, a
 * finite set, or a relation in one variable ("−2 < x < 7", "x ≥ 3",
 * "x < −1 or x > 2", "x ≠ 2", "x ∈ (0, 1]"). Null when it is none of these.
 */
export function toIntervalSet(expr: Expr): IntervalSet | null {
  switch (expr.type) {
    case 'tuple':
      if (expr.items.length !== 2) return null;
      return { intervals: [interval(expr.items[0]!, expr.open === '[', expr.items[1]!, expr.close === ']')], points: [] };
    case 'reals':
      return { intervals: [{ low: null, lowClosed: false, high: null, highClosed: false }], points: [] };
    case 'empty':
      return { intervals: [], points: [] };
    case 'set':
      return { intervals: [], points: expr.items };
    case 'union':
    case 'list': {
      if (expr.type === 'list' && expr.joiner === 'and') return null;
      const parts = (expr.type === 'union' ? expr.parts : expr.items).map(toIntervalSet);
      if (parts.some((part) => part === null)) return null;
      return { intervals: parts.flatMap((part) => part!.intervals), points: parts.flatMap((part) => part!.points) };
    }
    case 'rel':
      return relationToSet(expr.ops, expr.sides);
    default:
      return null;
  }
}

function interval(low: Expr, lowClosed: boolean, high: Expr, highClosed: boolean): Interval {
  return { low: isInfinity(low, -1) ? null : low, lowClosed, high: isInfinity(high, 1) ? null : high, highClosed };
}

function isInfinity(expr: Expr, sign: 1 | -1): boolean {
  if (expr.type === 'const' && expr.name === 'inf') return sign === 1;
  if (expr.type === 'neg' && expr.arg.type === 'const' && expr.arg.name === 'inf') return sign === -1;
  return false;
}

function relationToSet(ops: RelationOp[], sides: Expr[]): IntervalSet | null {
  const variables = sides.map((side) => side.type === 'sym');
  if (variables.filter(Boolean).length !== 1) return null;
  const at = variables.indexOf(true);
  if (sides.some((side, i) => i !== at && freeSymbols(side).size > 0)) return null;
  if (ops.length === 1 && ops[0] === 'in' && at === 0) return toIntervalSet(sides[1]!);
  if (ops.length === 1 && ops[0] === '!=') {
    const value = sides[1 - at]!;
    return {
      intervals: [interval({ type: 'neg', arg: INFINITY }, false, value, false), interval(value, false, INFINITY, false)],
      points: [],
    };
  }
  if (ops.length === 1 && ops[0] === '=') return { intervals: [], points: [sides[1 - at]!] };
  // Orient ascending: a < x ≤ b, x ≥ 3 → 3 ≤ x
  let orderedOps = ops;
  let orderedSides = sides;
  if (ops.every((op) => op === '>' || op === '>=')) {
    orderedOps = [...ops].reverse().map((op) => (op === '>' ? '<' : '<='));
    orderedSides = [...sides].reverse();
  }
  if (!orderedOps.every((op) => op === '<' || op === '<=')) return null;
  const x = orderedSides.findIndex((side) => side.type === 'sym');
  if (orderedSides.length > 3 || (orderedSides.length === 3 && x !== 1)) return null;
  const low = x > 0 ? orderedSides[x - 1]! : null;
  const high = x < orderedSides.length - 1 ? orderedSides[x + 1]! : null;
  return {
    intervals: [
      {
        low: low && !isInfinity(low, -1) ? low : null,
        lowClosed: x > 0 && orderedOps[x - 1] === '<=',
        high: high && !isInfinity(high, 1) ? high : null,
        highClosed: x < orderedOps.length && orderedOps[x] === '<=',
      },
    ],
    points: [],
  };
}

/** Same intervals (endpoints and brackets; brackets at ±∞ do not matter) and the same points. */
export function compareIntervalSets(ref: IntervalSet, answer: IntervalSet, context: CompareContext): Verdict {
  if (ref.intervals.length !== answer.intervals.length || ref.points.length !== answer.points.length) return 'different';
  const left = sortIntervals(ref.intervals, context);
  const right = sortIntervals(answer.intervals, context);
  if (!left || !right) return 'unknown';
  const intervals = left.map((a, i) => {
    const b = right[i]!;
    return allOf([
      endpoint(a.low, a.lowClosed, b.low, b.lowClosed, context),
      endpoint(a.high, a.highClosed, b.high, b.highClosed, context),
    ]);
  });
  const points = ref.points.map((point) =>
    answer.points.some((other) => compareScalars(point, other, context) === 'equal') ? 'equal' : 'different',
  );
  return allOf([...intervals, ...points]);
}

function endpoint(a: Expr | null, aClosed: boolean, b: Expr | null, bClosed: boolean, context: CompareContext): Verdict {
  if (a === null || b === null) return a === b ? 'equal' : 'different';
  if (aClosed !== bClosed) return 'different';
  return compareScalars(a, b, context);
}

function sortIntervals(intervals: Interval[], context: CompareContext): Interval[] | null {
  const keyed = intervals.map((item) => ({ item, key: item.low === null ? -Infinity : numericValue(item.low, context) }));
  if (keyed.some(({ key }) => key === null)) return intervals.length <= 1 ? intervals : null;
  return keyed.sort((a, b) => a.key! - b.key!).map(({ item }) => item);
}
