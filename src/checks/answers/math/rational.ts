import type { ComparisonBudget } from './comparison-budget.js';

/** An exact rational number n/d with d > 0 and gcd(n, d) = 1. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/** Beyond this many bits a result is no longer kept exact (it would cost more than a comparison is worth). */
export const MAX_EXACT_BITS = 50_000;

export const ZERO: Rational = { n: 0n, d: 1n };
export const ONE: Rational = { n: 1n, d: 1n };

export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new RangeError('zero denominator');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n < 0n ? -n : n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const SAFE = 1n << 52n;

/** Bits of |value| (rounded up to a multiple of 4 beyond 2^52: a cost estimate, not an exact count). */
export function bitLength(value: bigint): number {
  const magnitude = value < 0n ? -value : value;
  if (magnitude < SAFE) return magnitude === 0n ? 0 : Math.floor(Math.log2(Number(magnitude))) + 1;
  return magnitude.toString(16).length * 4;
}

function size(r: Rational): number {
  return bitLength(r.n) + bitLength(r.d);
}

/** Null when the result would exceed MAX_EXACT_BITS (the caller falls back to floating point). */
function bounded(r: Rational | null, budget: ComparisonBudget): Rational | null {
  if (!r) return null;
  const bits = size(r);
  budget.spend(1 + (bits >> 6));
  return bits > MAX_EXACT_BITS ? null : r;
}

export function add(a: Rational, b: Rational, budget: ComparisonBudget): Rational | null {
  return bounded(a.d === b.d ? rational(a.n + b.n, a.d) : rational(a.n * b.d + b.n * a.d, a.d * b.d), budget);
}

export function negate(a: Rational): Rational {
  return { n: -a.n, d: a.d };
}

export function multiply(a: Rational, b: Rational, budget: ComparisonBudget): Rational | null {
  return bounded(rational(a.n * b.n, a.d * b.d), budget);
}

export function divide(a: Rational, b: Rational, budget: ComparisonBudget): Rational | null {
  if (b.n === 0n) return null;
  return bounded(rational(a.n * b.d, a.d * b.n), budget);
}

/** a^k for an integer k, when the result stays within MAX_EXACT_BITS. */
export function power(a: Rational, k: bigint, budget: ComparisonBudget): Rational | null {
  if (k === 0n) return ONE;
  if (a.n === 0n) return k > 0n ? ZERO : null;
  const magnitude = k < 0n ? -k : k;
  const estimate = Number(magnitude) * size(a);
  if (estimate > MAX_EXACT_BITS * 2) return null;
  budget.spend(1 + (estimate >> 6));
  const result = rational(a.n ** magnitude, a.d ** magnitude);
  return k < 0n ? divide(ONE, result, budget) : bounded(result, budget);
}

/** The exact k-th root of a non-negative integer, or null when it is not a perfect power (Newton's method). */
export function integerRoot(value: bigint, k: number, budget: ComparisonBudget): bigint | null {
  if (value < 0n) return null;
  if (value < 2n) return value;
  const bits = bitLength(value);
  if (bits > 8192) return null;
  const K = BigInt(k);
  let x = 1n << BigInt(Math.ceil(bits / k) + 1); // above the root
  for (;;) {
    budget.spend(1 + (bits >> 5));
    const next = ((K - 1n) * x + value / x ** (K - 1n)) / K;
    if (next >= x) break;
    x = next;
  }
  return x ** K === value ? x : null;
}

/** The exact k-th root of a rational (negative allowed for odd k), or null. */
export function rationalRoot(a: Rational, k: number, budget: ComparisonBudget): Rational | null {
  if (k < 1 || k > 64) return null;
  const negative = a.n < 0n;
  if (negative && k % 2 === 0) return null;
  const n = integerRoot(negative ? -a.n : a.n, k, budget);
  const d = n === null ? null : integerRoot(a.d, k, budget);
  if (n === null || d === null) return null;
  return { n: negative ? -n : n, d };
}

export function compare(a: Rational, b: Rational): number {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function isInteger(a: Rational): boolean {
  return a.d === 1n;
}

export function floor(a: Rational): Rational {
  const q = a.n / a.d;
  return { n: a.n < 0n && q * a.d !== a.n ? q - 1n : q, d: 1n };
}

/** The nearest double (correct for huge numerators and denominators too). */
export function toNumber(a: Rational): number {
  const nBits = bitLength(a.n);
  const dBits = bitLength(a.d);
  if (nBits < 1000 && dBits < 1000) return Number(a.n) / Number(a.d);
  const shift = nBits - dBits - 60;
  const scaled = shift >= 0 ? a.n / (a.d << BigInt(shift)) : (a.n << BigInt(-shift)) / a.d;
  return Number(scaled) * 2 ** shift;
}

/** Reads "12", "-0.125", ".5" exactly. */
export function parseDecimal(text: string): Rational | null {
  if (text.length <= 15 && /^\d+$/.test(text)) return { n: BigInt(Number(text)), d: 1n };
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || (match[2] === '' && !match[3])) return null;
  const digits = (match[2] ?? '') + (match[3] ?? '');
  const scale = 10n ** BigInt((match[3] ?? '').length);
  const value = BigInt(digits === '' ? '0' : digits);
  return rational(match[1] ? -value : value, scale);
}
