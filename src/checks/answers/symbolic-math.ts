/**
 * Symbolic equality through @cortex-js/compute-engine, which parses LaTeX itself.
 * 0.26 is the last line that runs on Node 20 (0.28+ requires Node ≥ 21.7). Its
 * isEqual() misses expanded polynomials, so equality is decided numerically: both
 * sides evaluated at the same few points for their free variables. Loaded lazily
 * (about 50 ms) because most answers compare as plain numbers or text.
 */
export interface SymbolicMath {
  /** Numeric value at `point` (free variables bound), or null when not a real number. */
  evaluate(latex: string, point: Readonly<Record<string, number>>): number | null;
  /** Free variables of the expression; null when the text is not a parseable expression. */
  unknowns(latex: string): string[] | null;
}

interface BoxedLike {
  json: unknown;
  unknowns: readonly string[];
  isValid: boolean;
  subs(values: Record<string, number>): BoxedLike;
  N(): BoxedLike;
  re: number | null | undefined;
  im: number | null | undefined;
}

/**
 * The little of the module used here. Its own declaration files import without file extensions,
 * so under NodeNext resolution TypeScript cannot resolve them and every type in them is an error.
 */
interface ComputeEngineModule {
  ComputeEngine: new () => { parse(latex: string): unknown };
}

let loading: Promise<SymbolicMath> | null = null;

export function loadSymbolicMath(): Promise<SymbolicMath> {
  loading ??= import('@cortex-js/compute-engine').then((module) => {
    const { ComputeEngine } = module as unknown as ComputeEngineModule;
    const engine = new ComputeEngine();
    const parsed = new Map<string, BoxedLike | null>();
    const parse = (latex: string): BoxedLike | null => {
      let expression = parsed.get(latex);
      if (expression === undefined) {
        try {
          const boxed = engine.parse(latex) as BoxedLike;
          expression = boxed.isValid ? boxed : null;
        } catch {
          expression = null;
        }
        if (parsed.size > 10_000) parsed.clear();
        parsed.set(latex, expression);
      }
      return expression;
    };
    return {
      unknowns(latex) {
        const expression = parse(latex);
        return expression ? [...expression.unknowns] : null;
      },
      evaluate(latex, point) {
        const expression = parse(latex);
        if (!expression) return null;
        try {
          const value = expression.subs({ ...point }).N();
          const re = value.re;
          const im = value.im ?? 0;
          if (typeof re !== 'number' || !Number.isFinite(re) || Math.abs(im) > 1e-9 * Math.max(1, Math.abs(re))) {
            return null;
          }
          return re;
        } catch {
          return null;
        }
      },
    };
  });
  return loading;
}
