/** Floating-point complex numbers: what the exact rationals fall back to (roots, π, logs, trigonometry). */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

export const complex = (re: number, im = 0): Complex => ({ re, im });

export const cAdd = (a: Complex, b: Complex): Complex => complex(a.re + b.re, a.im + b.im);
export const cSub = (a: Complex, b: Complex): Complex => complex(a.re - b.re, a.im - b.im);
export const cNeg = (a: Complex): Complex => complex(-a.re, -a.im);
export const cMul = (a: Complex, b: Complex): Complex => {
  if (a.im === 0 && b.im === 0) return complex(a.re * b.re);
  return complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
};

export function cDiv(a: Complex, b: Complex): Complex {
  if (b.im === 0) return complex(a.re / b.re, a.im / b.re);
  const scale = b.re * b.re + b.im * b.im;
  return complex((a.re * b.re + a.im * b.im) / scale, (a.im * b.re - a.re * b.im) / scale);
}

export const cAbs = (a: Complex): number => Math.hypot(a.re, a.im);

export function cExp(a: Complex): Complex {
  const scale = Math.exp(a.re);
  return a.im === 0 ? complex(scale) : complex(scale * Math.cos(a.im), scale * Math.sin(a.im));
}

/** Principal branch. */
export function cLog(a: Complex): Complex {
  if (a.im === 0 && a.re > 0) return complex(Math.log(a.re));
  return complex(Math.log(cAbs(a)), Math.atan2(a.im, a.re));
}

export function cPow(a: Complex, b: Complex): Complex {
  if (a.im === 0 && b.im === 0 && (a.re >= 0 || Number.isInteger(b.re))) return complex(Math.pow(a.re, b.re));
  if (a.re === 0 && a.im === 0) return complex(b.re > 0 ? 0 : NaN);
  return cExp(cMul(b, cLog(a)));
}

export function cSqrt(a: Complex): Complex {
  if (a.im === 0) return a.re >= 0 ? complex(Math.sqrt(a.re)) : complex(0, Math.sqrt(-a.re));
  const r = cAbs(a);
  const re = Math.sqrt((r + a.re) / 2);
  const im = Math.sqrt((r - a.re) / 2);
  return complex(re, a.im < 0 ? -im : im);
}

export const cSin = (a: Complex): Complex =>
  a.im === 0 ? complex(Math.sin(a.re)) : complex(Math.sin(a.re) * Math.cosh(a.im), Math.cos(a.re) * Math.sinh(a.im));
export const cCos = (a: Complex): Complex =>
  a.im === 0 ? complex(Math.cos(a.re)) : complex(Math.cos(a.re) * Math.cosh(a.im), -Math.sin(a.re) * Math.sinh(a.im));

export const isFiniteComplex = (a: Complex): boolean => Number.isFinite(a.re) && Number.isFinite(a.im);

/** Equal to a relative 1e-9 (an absolute 1e-12 near zero). */
export function nearlyEqual(a: Complex, b: Complex, relative = 1e-9): boolean {
  const difference = Math.hypot(a.re - b.re, a.im - b.im);
  return difference <= Math.max(1e-12, relative * Math.max(cAbs(a), cAbs(b)));
}
