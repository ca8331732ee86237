import type { ComparisonBudget } from './comparison-budget.js';
import * as C from './complex-number.js';
import type { Expr } from './expression.js';
import * as Q from './rational.js';

/** A value: exact when every step was exact (rationals), always approximated as a complex double. */
export interface Value {
  exact: Q.Rational | null;
  approx: C.Complex;
}

export type Point = ReadonlyMap<string, Value>;

export function exactValue(q: Q.Rational): Value {
  return { exact: q, approx: C.complex(Q.toNumber(q)) };
}

const approxValue = (approx: C.Complex): Value => ({ exact: null, approx });
const CONSTANTS: Record<string, C.Complex> = { pi: C.complex(Math.PI), e: C.complex(Math.E), i: C.complex(0, 1), inf: C.complex(Infinity) };

/** The value of a scalar expression at a point, or null where it is undefined (1/0, a structure, words). */
export function evaluate(expr: Expr, point: Point, budget: ComparisonBudget): Value | null {
  budget.spend();
  switch (expr.type) {
    case 'num':
      return exactValue(expr.value);
    case 'const':
      return approxValue(CONSTANTS[expr.name]!);
    case 'sym':
      return point.get(expr.name) ?? null;
    case 'neg': {
      const value = evaluate(expr.arg, point, budget);
      return value && { exact: value.exact && Q.negate(value.exact), approx: C.cNeg(value.approx) };
    }
    case 'percent': {
      const value = evaluate(expr.arg, point, budget);
      return value && divide(value, exactValue(Q.rational(100n)), budget);
    }
    case 'add':
      return fold(expr.terms, point, budget, add);
    case 'mul':
      return fold(expr.factors, point, budget, multiply);
    case 'div': {
      const top = evaluate(expr.num, point, budget);
      const bottom = top && evaluate(expr.den, point, budget);
      return top && bottom && divide(top, bottom, budget);
    }
    case 'pow': {
      const base = evaluate(expr.base, point, budget);
      const exponent = base && evaluate(expr.exp, point, budget);
      return base && exponent && power(base, exponent, budget);
    }
    case 'call': {
      const args: Value[] = [];
      for (const arg of expr.args) {
        const value = evaluate(arg, point, budget);
        if (!value) return null;
        args.push(value);
      }
      return callFunction(expr.fn, args, budget);
    }
    default:
      return null;
  }
}

function fold(
  parts: Expr[],
  point: Point,
  budget: ComparisonBudget,
  combine: (a: Value, b: Value, budget: ComparisonBudget) => Value | null,
): Value | null {
  let result = evaluate(parts[0]!, point, budget);
  for (let i = 1; i < parts.length && result; i++) {
    const next = evaluate(parts[i]!, point, budget);
    result = next && combine(result, next, budget);
  }
  return result;
}

export function add(a: Value, b: Value, budget: ComparisonBudget): Value {
  const exact = a.exact && b.exact ? Q.add(a.exact, b.exact, budget) : null;
  return exact ? exactValue(exact) : approxValue(C.cAdd(a.approx, b.approx));
}

export function multiply(a: Value, b: Value, budget: ComparisonBudget): Value {
  const exact = a.exact && b.exact ? Q.multiply(a.exact, b.exact, budget) : null;
  return exact ? exactValue(exact) : approxValue(C.cMul(a.approx, b.approx));
}

export function divide(a: Value, b: Value, budget: ComparisonBudget): Value | null {
  if (b.exact ? b.exact.n === 0n : b.approx.re === 0 && b.approx.im === 0) return null;
  const exact = a.exact && b.exact ? Q.divide(a.exact, b.exact, budget) : null;
  return exact ? exactValue(exact) : approxValue(C.cDiv(a.approx, b.approx));
}

function power(base: Value, exponent: Value, budget: ComparisonBudget): Value | null {
  const e = exponent.exact;
  if (base.exact && e) {
    if (e.d === 1n) {
      const exact = Q.power(base.exact, e.n, budget);
      if (exact) return exactValue(exact);
    } else if (e.d <= 64n) {
      const root = Q.rationalRoot(base.exact, Number(e.d), budget);
      const exact = root && Q.power(root, e.n, budget);
      if (exact) return exactValue(exact);
    }
  }
  if (base.exact && base.exact.n === 0n && exponent.approx.re <= 0) return null;
  // Odd roots of negative reals stay real: (-8)^{1/3} = -2, as \sqrt[3]{-8}.
  if (e && e.d % 2n === 1n && base.approx.im === 0 && base.approx.re < 0) {
    const magnitude = Math.pow(-base.approx.re, Q.toNumber(e));
    return approxValue(C.complex(e.n % 2n === 0n ? magnitude : -magnitude));
  }
  return approxValue(C.cPow(base.approx, exponent.approx));
}

function realArgument(value: Value): number | null {
  return Math.abs(value.approx.im) <= 1e-12 * Math.max(1, Math.abs(value.approx.re)) ? value.approx.re : null;
}

function integerArgument(value: Value, limit: bigint): bigint | null {
  const q = value.exact;
  return q && q.d === 1n && q.n >= -limit && q.n <= limit ? q.n : null;
}

function callFunction(fn: string, args: Value[], budget: ComparisonBudget): Value | null {
  const [x, y] = args as [Value, Value | undefined];
  switch (fn) {
    case 'sqrt':
      return root(x, 2, budget);
    case 'root': {
      const index = y && integerArgument(y, 64n);
      return index && index > 0n ? root(x, Number(index), budget) : null;
    }
    case 'abs':
      return x.exact ? exactValue(x.exact.n < 0n ? Q.negate(x.exact) : x.exact) : approxValue(C.complex(C.cAbs(x.approx)));
    case 'floor':
    case 'ceil':
      return rounding(fn, x);
    case 'factorial':
      return factorial(x, budget);
    case 'binom':
      return y ? binomial(x, y, budget) : null;
    case 'gcd':
    case 'lcm':
      return integerPair(fn, args, budget);
    case 'mod': {
      const [a, m] = [integerArgument(x, 10n ** 30n), y && integerArgument(y, 10n ** 30n)];
      return a !== null && m ? exactValue(Q.rational(((a % m) + m) % m)) : null;
    }
    case 'max':
    case 'min': {
      const reals = args.map(realArgument);
      if (reals.some((value) => value === null)) return null;
      const pick = (fn === 'max' ? Math.max : Math.min)(...(reals as number[]));
      return args[reals.indexOf(pick)]!;
    }
    default:
      return transcendental(fn, x, y);
  }
}

function root(x: Value, index: number, budget: ComparisonBudget): Value | null {
  const exact = x.exact && Q.rationalRoot(x.exact, index, budget);
  if (exact) return exactValue(exact);
  if (index === 2) return approxValue(C.cSqrt(x.approx));
  const real = realArgument(x);
  if (real !== null && (real >= 0 || index % 2 === 1)) return approxValue(C.complex(Math.sign(real) * Math.pow(Math.abs(real), 1 / index)));
  return approxValue(C.cPow(x.approx, C.complex(1 / index)));
}

function rounding(fn: 'floor' | 'ceil', x: Value): Value | null {
  if (x.exact) {
    const down = Q.floor(x.exact);
    return exactValue(fn === 'floor' || Q.isInteger(x.exact) ? down : Q.rational(down.n + 1n));
  }
  const real = realArgument(x);
  return real === null ? null : exactValue(Q.rational(BigInt((fn === 'floor' ? Math.floor : Math.ceil)(real))));
}

function factorial(x: Value, budget: ComparisonBudget): Value | null {
  const n = integerArgument(x, 3000n);
  if (n === null || n < 0n) return null;
  let product = 1n;
  for (let k = 2n; k <= n; k++) {
    budget.spend(1 + (Q.bitLength(product) >> 8));
    product *= k;
  }
  return exactValue(Q.rational(product));
}

function binomial(x: Value, y: Value, budget: ComparisonBudget): Value | null {
  const n = integerArgument(x, 10n ** 9n);
  let k = integerArgument(y, 10n ** 9n);
  if (n === null || k === null || n < 0n) return null;
  if (k < 0n || k > n) return exactValue(Q.ZERO);
  if (n - k < k) k = n - k;
  if (k > 5000n) return null;
  let result = 1n;
  for (let i = 1n; i <= k; i++) {
    budget.spend(1 + (Q.bitLength(result) >> 8));
    result = (result * (n - k + i)) / i;
  }
  return exactValue(Q.rational(result));
}

function integerPair(fn: 'gcd' | 'lcm', args: Value[], budget: ComparisonBudget): Value | null {
  let result: bigint | null = null;
  for (const arg of args) {
    const n = integerArgument(arg, 10n ** 30n);
    if (n === null) return null;
    const m = n < 0n ? -n : n;
    budget.spend();
    result = result === null ? m : fn === 'gcd' ? Q.gcd(result, m) : m === 0n || result === 0n ? 0n : (result / Q.gcd(result, m)) * m;
  }
  return result === null ? null : exactValue(Q.rational(result));
}

function transcendental(fn: string, x: Value, base: Value | undefined): Value | null {
  const z = x.approx;
  switch (fn) {
    case 'sin':
      return approxValue(C.cSin(z));
    case 'cos':
      return approxValue(C.cCos(z));
    case 'tan':
      return approxValue(C.cDiv(C.cSin(z), C.cCos(z)));
    case 'cot':
      return approxValue(C.cDiv(C.cCos(z), C.cSin(z)));
    case 'sec':
      return approxValue(C.cDiv(C.complex(1), C.cCos(z)));
    case 'csc':
      return approxValue(C.cDiv(C.complex(1), C.cSin(z)));
    case 'exp':
      return approxValue(C.cExp(z));
    case 'ln':
      return z.re === 0 && z.im === 0 ? null : approxValue(C.cLog(z));
    case 'log':
    case 'log10':
      return z.re === 0 && z.im === 0 ? null : approxValue(C.cDiv(C.cLog(z), C.complex(Math.LN10)));
    case 'logb':
      return base && !(z.re === 0 && z.im === 0) ? approxValue(C.cDiv(C.cLog(z), C.cLog(base.approx))) : null;
  }
  const real = realArgument(x);
  if (real === null) return null;
  const functions: Record<string, (value: number) => number> = {
    arcsin: Math.asin,
    arccos: Math.acos,
    arctan: Math.atan,
    sinh: Math.sinh,
    cosh: Math.cosh,
    tanh: Math.tanh,
  };
  const f = functions[fn];
  if (!f) return null;
  const result = f(real);
  return Number.isNaN(result) ? null : approxValue(C.complex(result));
}
