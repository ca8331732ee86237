import type { Expr } from '../math/expression.js';
import { freeSymbols } from '../math/walk-expression.js';

/**
 * Whether an expression names a quantity rather than computing one: x, a_{10},
 * f(x), g(2), AB, \text{Area}, \angle ABC, (p, q), V_1 : V_2.
 */
export function isName(expr: Expr): boolean {
  switch (expr.type) {
    case 'sym':
    case 'text':
      return true;
    case 'mul':
      return expr.factors.some((factor) => factor.type === 'sym' || factor.type === 'text') && expr.factors.every(isNamePart);
    case 'tuple':
    case 'ratio':
      return (expr.type === 'tuple' ? expr.items : expr.parts).every(isName);
    default:
      return false;
  }
}

function isNamePart(expr: Expr): boolean {
  return expr.type === 'num' || isName(expr) || (expr.type === 'tuple' && expr.items.every(isNamePart));
}

/** An assignment x = 3, f(x) = 2x + 1, (p,q) = (3,2), a = b = 12: a name first, then equalities only. */
export function isAssignment(expr: Expr): boolean {
  return expr.type === 'rel' && expr.ops.every((op) => op === '=' || op === '~') && isName(expr.sides[0]!);
}

/**
 * A sum of plain variables set to a value, as competition answers end: m + n = 204. It stands
 * for its value only against a reference that is a value (x + 2y = 4 is an equation).
 */
export function isNamedSum(expr: Expr): boolean {
  if (expr.type !== 'rel' || expr.ops.length !== 1 || expr.ops[0] !== '=') return false;
  const [left, right] = expr.sides as [Expr, Expr];
  return left.type === 'add' && left.terms.every((term) => term.type === 'sym') && freeSymbols(right).size === 0;
}

/** A computation chain 5 × 6 = 30, √10 ≈ 3.16: equalities between values with no variables. */
export function isComputation(expr: Expr): boolean {
  return (
    expr.type === 'rel' && expr.ops.every((op) => op === '=' || op === '~') && expr.sides.every((side) => freeSymbols(side).size === 0)
  );
}

/**
 * A formula worked out to its value, -\frac{b}{a} = -\frac{-6}{2} = 3: three sides or more, equalities
 * only, the last free of variables. Against a reference that is a value, it stands for that last side
 * (Math-Verify, failing on a chain, parses only its last equation).
 */
export function isWorkedChain(expr: Expr): boolean {
  return (
    expr.type === 'rel' &&
    expr.sides.length >= 3 &&
    expr.ops.every((op) => op === '=' || op === '~') &&
    freeSymbols(expr.sides[expr.sides.length - 1]!).size === 0
  );
}

/** The value an assignment or computation ends on: the last side. */
export function lastSide(relation: Expr): Expr {
  return relation.type === 'rel' ? relation.sides[relation.sides.length - 1]! : relation;
}

/** 2 = x is x = 2: a name on the right moves left, so both sides read the same way. */
export function nameFirst(expr: Expr): Expr {
  if (expr.type !== 'rel' || expr.ops.length !== 1 || expr.ops[0] !== '=') return expr;
  const [left, right] = expr.sides as [Expr, Expr];
  return !isName(left) && isName(right) ? { type: 'rel', ops: ['='], sides: [right, left] } : expr;
}
