import type { Expr } from './expression.js';

/** The direct sub-expressions of an expression. */
export function childrenOf(expr: Expr): Expr[] {
  switch (expr.type) {
    case 'add':
      return expr.terms;
    case 'mul':
      return expr.factors;
    case 'div':
      return [expr.num, expr.den];
    case 'neg':
    case 'percent':
      return [expr.arg];
    case 'pow':
      return [expr.base, expr.exp];
    case 'call':
      return expr.args;
    case 'pm':
      return expr.left ? [expr.left, expr.right] : [expr.right];
    case 'tuple':
    case 'set':
    case 'list':
      return expr.items;
    case 'matrix':
      return expr.rows.flat();
    case 'rel':
      return expr.sides;
    case 'union':
    case 'ratio':
      return expr.parts;
    default:
      return [];
  }
}

/** Names of the free variables. */
export function freeSymbols(expr: Expr, into: Set<string> = new Set()): Set<string> {
  if (expr.type === 'sym') into.add(expr.name);
  for (const child of childrenOf(expr)) freeSymbols(child, into);
  return into;
}

export function contains(expr: Expr, type: Expr['type']): boolean {
  return expr.type === type || childrenOf(expr).some((child) => contains(child, type));
}

/** Same tree, words compared without case: for answers that mix words and math. */
export function sameTree(a: Expr, b: Expr): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'text' && b.type === 'text') return a.text.toLowerCase() === b.text.toLowerCase();
  if (a.type === 'sym' && b.type === 'sym') return a.name === b.name;
  if (a.type === 'num' && b.type === 'num') return a.value.n === b.value.n && a.value.d === b.value.d;
  if (a.type === 'const' && b.type === 'const') return a.name === b.name;
  if (a.type === 'call' && b.type === 'call' && a.fn !== b.fn) return false;
  const left = childrenOf(a);
  const right = childrenOf(b);
  return left.length === right.length && left.every((child, i) => sameTree(child, right[i]!));
}
