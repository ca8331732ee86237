import type { Rational } from './rational.js';

/** A relation between two sides of a chain: a < b ≤ c is sides [a, b, c] and ops ['<', '<=']. */
export type RelationOp = '=' | '<' | '<=' | '>' | '>=' | '!=' | '~' | 'in';

/** An answer parsed from LaTeX or plain text: numbers and operations, and the structures answers come in. */
export type Expr =
  /** A written number: `text` keeps how it was written, for the precision of a rounded decimal. */
  | { type: 'num'; value: Rational; text: string }
  | { type: 'sym'; name: string }
  | { type: 'const'; name: 'pi' | 'e' | 'i' | 'inf' }
  | { type: 'add'; terms: Expr[] }
  | { type: 'mul'; factors: Expr[] }
  | { type: 'div'; num: Expr; den: Expr }
  | { type: 'neg'; arg: Expr }
  | { type: 'pow'; base: Expr; exp: Expr }
  | { type: 'call'; fn: string; args: Expr[] }
  /** a ± b (left null for a leading ±). */
  | { type: 'pm'; left: Expr | null; right: Expr; sign: 1 | -1 }
  | { type: 'percent'; arg: Expr }
  /** Bracketed and comma-separated: a point, a vector, an interval; brackets kept. */
  | { type: 'tuple'; open: string; close: string; items: Expr[] }
  | { type: 'set'; items: Expr[] }
  /** A bare list: "2, 3", "x = 1 or x = 2". */
  | { type: 'list'; items: Expr[]; joiner: 'comma' | 'or' | 'and' }
  | { type: 'matrix'; rows: Expr[][] }
  | { type: 'rel'; ops: RelationOp[]; sides: Expr[] }
  | { type: 'union'; parts: Expr[] }
  | { type: 'ratio'; parts: Expr[] }
  | { type: 'reals' }
  | { type: 'empty' }
  /** Words inside math (\text{…}, a name): compared as text. */
  | { type: 'text'; text: string };

export const num = (value: Rational, text: string): Expr => ({ type: 'num', value, text });

/** Whether an expression is a single number, a symbol or a computation (not a structure). */
export function isScalar(expr: Expr): boolean {
  switch (expr.type) {
    case 'tuple':
    case 'set':
    case 'list':
    case 'matrix':
    case 'rel':
    case 'union':
    case 'reals':
    case 'empty':
      return false;
    default:
      return true;
  }
}
