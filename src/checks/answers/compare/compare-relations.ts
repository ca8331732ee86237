import { cDiv, isFiniteComplex, nearlyEqual } from '../math/complex-number.js';
import { evaluate, exactValue, type Value } from '../math/evaluate-math.js';
import { isScalar, type Expr, type RelationOp } from '../math/expression.js';
import { compare as compareRationals, divide, rational } from '../math/rational.js';
import { freeSymbols } from '../math/walk-expression.js';
import { compareIntervalSets, toIntervalSet } from './interval-sets.js';
import { type CompareContext, type Verdict } from './verdict.js';

type Relation = Extract<Expr, { type: 'rel' }>;

/**
 * Two relations. Equations are the same when one side-difference is a non-zero
 * multiple of the other (−34x−45y+20z−100=0 is 34x+45y−20z+100=0), inequalities
 * when it is a positive multiple after turning both to face the same way (5 ≥ x is
 * x ≤ 5); chains and relations in one variable compare as the sets they describe.
 */
export function compareRelations(ref: Relation, answer: Relation, context: CompareContext): Verdict {
  const left = orient(ref);
  const right = orient(answer);
  if (left.ops.length === 1 && right.ops.length === 1 && !left.ops.includes('in') && !right.ops.includes('in')) {
    const [a, b] = [left.ops[0]!, right.ops[0]!];
    const sameKind = a === b || (isEquality(a) && isEquality(b));
    if (sameKind && left.sides.every(isScalar) && right.sides.every(isScalar)) {
      const verdict = proportional(difference(left), difference(right), a === '<' || a === '<=', context);
      if (verdict !== 'different' || a === '=' || a === '~' || a === '!=') return verdict;
    }
  }
  const leftSet = toIntervalSet(ref);
  const rightSet = toIntervalSet(answer);
  if (leftSet && rightSet) return compareIntervalSets(leftSet, rightSet, context);
  return 'different';
}

const isEquality = (op: RelationOp): boolean => op === '=' || op === '~';

/** x > 3 as 3 < x, so that every inequality reads lower < upper. */
function orient(relation: Relation): Relation {
  if (!relation.ops.every((op) => op === '>' || op === '>=')) return relation;
  return {
    type: 'rel',
    ops: [...relation.ops].reverse().map((op) => (op === '>' ? '<' : '<=')),
    sides: [...relation.sides].reverse(),
  };
}

/** rhs − lhs: positive where an oriented inequality holds. */
function difference(relation: Relation): Expr {
  return { type: 'add', terms: [relation.sides[1]!, { type: 'neg', arg: relation.sides[0]! }] };
}

const SAMPLES = (
  [
    [7n, 5n],
    [11n, 3n],
    [2n, 9n],
    [17n, 4n],
    [5n, 13n],
    [19n, 7n],
    [3n, 8n],
    [23n, 6n],
    [13n, 11n],
  ] as [bigint, bigint][]
).map(([n, d]) => exactValue(rational(n, d)));

/** Whether f = c·g for a constant c ≠ 0 (c > 0 when `positive`), judged at sample points. */
function proportional(f: Expr, g: Expr, positive: boolean, context: CompareContext): Verdict {
  const symbols = [...freeSymbols(f, freeSymbols(g))].sort();
  if (symbols.length === 0) return 'unknown';
  let ratio: Value | null = null;
  let samples = 0;
  for (let k = 0; k < 5; k++) {
    const point = new Map<string, Value>();
    symbols.forEach((name, j) => point.set(name, SAMPLES[(k * 2 + j * 4) % SAMPLES.length]!));
    const a = evaluate(f, point, context.budget);
    const b = evaluate(g, point, context.budget);
    if (!a || !b || !isFiniteComplex(a.approx) || !isFiniteComplex(b.approx)) continue;
    const aZero = a.exact ? a.exact.n === 0n : nearlyEqual(a.approx, { re: 0, im: 0 });
    const bZero = b.exact ? b.exact.n === 0n : nearlyEqual(b.approx, { re: 0, im: 0 });
    if (aZero || bZero) {
      if (aZero !== bZero) return 'different';
      continue;
    }
    const exact = a.exact && b.exact ? divide(a.exact, b.exact, context.budget) : null;
    const current: Value = exact ? exactValue(exact) : { exact: null, approx: cDiv(a.approx, b.approx) };
    if (!ratio) {
      ratio = current;
      if (positive && !(current.approx.re > 0)) return 'different';
    } else {
      const same =
        ratio.exact && current.exact ? compareRationals(ratio.exact, current.exact) === 0 : nearlyEqual(ratio.approx, current.approx, 1e-8);
      if (!same) return 'different';
    }
    samples++;
  }
  return samples >= 2 ? 'equal' : 'unknown';
}
