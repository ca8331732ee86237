import type { Expr } from './expression.js';
import { parseDecimal } from './rational.js';
import type { TokenStream } from './token-stream.js';
import { MathSyntaxError } from './tokenize-math.js';

/** Functions applied to an argument with or without parentheses (\sin x, \ln(x), \log_2 8). */
const FUNCTIONS = new Set('sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh ln log lg exp'.split(' '));
const ALIASES: Record<string, string> = { asin: 'arcsin', acos: 'arccos', atan: 'arctan', lg: 'log10' };
/** Functions whose arguments come in parentheses, comma-separated. */
const MULTI_ARGUMENT = new Set(['gcd', 'lcm', 'max', 'min', 'abs', 'floor', 'ceil', 'binom', 'mod']);
const GREEK = new Set(
  (
    'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi rho sigma tau upsilon ' +
    'phi varphi chi psi omega Gamma Delta Theta Lambda Xi Sigma Upsilon Phi Psi Omega ell'
  ).split(' '),
);
const TEXT_COMMANDS = new Set(
  'text textrm textnormal textbf textit texttt textsf mathrm mathbf mathit mathsf mathtt mbox boldsymbol bm'.split(' '),
);
const DECORATIONS = new Set('overline bar vec hat tilde widehat widetilde overrightarrow overleftrightarrow dot ddot'.split(' '));
const NAME_PREFIXES = new Set(['angle', 'measuredangle', 'triangle', 'arc', 'overarc']);
const MATRICES = new Set(['pmatrix', 'bmatrix', 'Bmatrix', 'vmatrix', 'Vmatrix', 'matrix', 'smallmatrix', 'array']);

/** Whether a command begins a value, so that "2\sqrt{3}" multiplies (and "2\cdot" does not). */
export function startsCommandValue(name: string): boolean {
  return (
    FUNCTIONS.has(name) ||
    GREEK.has(name) ||
    TEXT_COMMANDS.has(name) ||
    DECORATIONS.has(name) ||
    NAME_PREFIXES.has(name) ||
    ['frac', 'dfrac', 'tfrac', 'cfrac', 'sqrt', 'cbrt', 'binom', 'dbinom', 'tbinom', 'pi', 'infty', 'begin', 'operatorname'].includes(
      name,
    ) ||
    ['lfloor', 'lceil', 'lvert', 'langle', 'mathbb', 'Reals', 'imath', 'emptyset', 'varnothing', 'e'].includes(name)
  );
}

export function parseCommand(stream: TokenStream, name: string, plain: boolean): Expr {
  const canonical = ALIASES[name] ?? name;
  if (FUNCTIONS.has(canonical) || canonical === 'log10') return parseFunction(stream, canonical);
  if (plain && MULTI_ARGUMENT.has(name)) return parseCall(stream, name);
  if (GREEK.has(name)) return { type: 'sym', name };
  if (TEXT_COMMANDS.has(name)) return textValue(stream.readGroupText());
  if (DECORATIONS.has(name)) return readTexArgument(stream);
  if (NAME_PREFIXES.has(name)) return { type: 'text', text: name };
  if (MATRICES.has(name)) throw new MathSyntaxError('matrix outside \\begin');
  switch (name) {
    case 'frac':
    case 'dfrac':
    case 'tfrac':
    case 'cfrac':
      return { type: 'div', num: readTexArgument(stream), den: readTexArgument(stream) };
    case 'binom':
    case 'dbinom':
    case 'tbinom':
      return { type: 'call', fn: 'binom', args: [readTexArgument(stream), readTexArgument(stream)] };
    case 'sqrt':
      return parseRoot(stream, plain);
    case 'cbrt':
      return { type: 'call', fn: 'root', args: [readPlainArgument(stream), { type: 'num', value: { n: 3n, d: 1n }, text: '3' }] };
    case 'pi':
      return { type: 'const', name: 'pi' };
    case 'infty':
    case 'inf':
    case 'infinity':
      return { type: 'const', name: 'inf' };
    case 'imath':
      return { type: 'const', name: 'i' };
    case 'emptyset':
    case 'varnothing':
      return { type: 'empty' };
    case 'Reals':
      return { type: 'reals' };
    case 'mathbb': {
      const set = stream.readGroupText();
      if (set === 'R') return { type: 'reals' };
      throw new MathSyntaxError(`set \\mathbb{${set}}`);
    }
    case 'operatorname': {
      const fn = stream.readGroupText().toLowerCase();
      if (MULTI_ARGUMENT.has(fn)) return parseCall(stream, fn);
      if (FUNCTIONS.has(ALIASES[fn] ?? fn)) return parseFunction(stream, ALIASES[fn] ?? fn);
      throw new MathSyntaxError(`unknown operator ${fn}`);
    }
    case 'lfloor':
      return closed(stream, 'floor', 'rfloor');
    case 'lceil':
      return closed(stream, 'ceil', 'rceil');
    case 'lvert':
      return closed(stream, 'abs', 'rvert');
    case 'langle': {
      const inner = stream.parsers.list(stream, false);
      stream.expect('cmd', 'rangle');
      return { type: 'tuple', open: '(', close: ')', items: inner.type === 'list' ? inner.items : [inner] };
    }
    case 'begin':
      return parseMatrix(stream);
    default:
      if (plain) throw new MathSyntaxError(`unexpected ${name}`);
      throw new MathSyntaxError(`unknown command \\${name}`);
  }
}

/** A TeX argument: a brace group, or one token ("\frac34" is 3 over 4, "\sqrt3x" is √3·x). */
export function readTexArgument(stream: TokenStream): Expr {
  const token = stream.peek();
  if (!token) throw new MathSyntaxError('missing argument');
  if (token.kind === 'op' && token.text === '{') {
    stream.next();
    stream.enter();
    const inner = stream.parsers.list(stream, false);
    stream.expect('op', '}');
    stream.leave();
    if (inner.type === 'list') throw new MathSyntaxError('list in an argument');
    return inner;
  }
  if (token.kind === 'num' && token.text.length > 1 && /^\d/.test(token.text) && !token.exponent) {
    stream.next();
    stream.unshift({ kind: 'num', text: token.text.slice(1).replace(/^\./, '0.') });
    return { type: 'num', value: { n: BigInt(token.text[0]!), d: 1n }, text: token.text[0]! };
  }
  if (token.kind === 'op') throw new MathSyntaxError(`unexpected ${token.text}`);
  return parsePowerFreeAtom(stream);
}

function parsePowerFreeAtom(stream: TokenStream): Expr {
  const token = stream.next();
  if (token.kind === 'num') {
    const value = parseDecimal(token.text);
    if (!value) throw new MathSyntaxError('bad number');
    return { type: 'num', value, text: token.text };
  }
  if (token.kind === 'id')
    return token.text === 'e'
      ? { type: 'const', name: 'e' }
      : token.text === 'i'
        ? { type: 'const', name: 'i' }
        : { type: 'sym', name: token.text };
  if (token.kind === 'cmd' || token.kind === 'word') return parseCommand(stream, token.text, token.kind === 'word');
  throw new MathSyntaxError(`unexpected ${token.text}`);
}

/** sqrt(2), sqrt 2 and √x in plain text: a parenthesised group or one power. */
function readPlainArgument(stream: TokenStream): Expr {
  if (stream.isOp('{')) return readTexArgument(stream);
  return stream.parsers.power(stream);
}

function parseRoot(stream: TokenStream, plain: boolean): Expr {
  let index: Expr | null = null;
  if (!plain && stream.isOp('[')) {
    stream.next();
    index = stream.parsers.list(stream, false);
    stream.expect('op', ']');
  }
  const radicand = plain ? readPlainArgument(stream) : readTexArgument(stream);
  return index ? { type: 'call', fn: 'root', args: [radicand, index] } : { type: 'call', fn: 'sqrt', args: [radicand] };
}

/** \sin x, \sin(x), \sin^2 x, \log_2 8, \log_{10}(x), \ln x^2. */
function parseFunction(stream: TokenStream, name: string): Expr {
  let fn = name;
  let power: Expr | null = null;
  let base: Expr | null = null;
  for (;;) {
    if (stream.isOp('^')) {
      stream.next();
      power = stream.parsers.exponent(stream);
    } else if (stream.isOp('_') && fn === 'log') {
      stream.next();
      base = readTexArgument(stream);
    } else {
      break;
    }
  }
  if (power && power.type === 'neg' && power.arg.type === 'num' && power.arg.text === '1' && /^(sin|cos|tan)$/.test(fn)) {
    fn = 'arc' + fn;
    power = null;
  }
  const argument = stream.isOp('(') ? stream.parsers.power(stream) : parseBareArgument(stream);
  const call: Expr = base ? { type: 'call', fn: 'logb', args: [argument, base] } : { type: 'call', fn, args: [argument] };
  return power ? { type: 'pow', base: call, exp: power } : call;
}

/** The argument of \sin 2x: juxtaposed factors up to the next operator or function. */
function parseBareArgument(stream: TokenStream): Expr {
  const factors = [stream.parsers.power(stream)];
  for (;;) {
    const token = stream.peek();
    if (
      !token ||
      !(token.kind === 'num' || token.kind === 'id' || (token.kind === 'cmd' && (GREEK.has(token.text) || token.text === 'pi')))
    )
      break;
    factors.push(stream.parsers.power(stream));
  }
  return factors.length === 1 ? factors[0]! : { type: 'mul', factors };
}

function parseCall(stream: TokenStream, fn: string): Expr {
  if (!stream.isOp('(')) return { type: 'call', fn, args: [readPlainArgument(stream)] };
  stream.next();
  const inner = stream.parsers.list(stream, false);
  stream.expect('op', ')');
  return { type: 'call', fn, args: inner.type === 'list' ? inner.items : [inner] };
}

function closed(stream: TokenStream, fn: string, close: string): Expr {
  const inner = stream.parsers.list(stream, false);
  stream.expect('cmd', close);
  return { type: 'call', fn, args: [inner] };
}

function textValue(text: string): Expr {
  const trimmed = text.trim();
  if (/^[A-Za-z]$/.test(trimmed)) return trimmed === 'e' ? { type: 'const', name: 'e' } : { type: 'sym', name: trimmed };
  return { type: 'text', text: trimmed };
}

/** \begin{pmatrix} a & b \\ c & d \end{pmatrix} (and bmatrix, array with its column spec). */
function parseMatrix(stream: TokenStream): Expr {
  const environment = stream.readGroupText();
  if (!MATRICES.has(environment)) throw new MathSyntaxError(`environment ${environment}`);
  if (environment === 'array' && stream.isOp('{')) stream.readGroupText();
  const rows: Expr[][] = [];
  let row: Expr[] = [];
  for (;;) {
    if (stream.isCmd('end')) {
      stream.next();
      stream.readGroupText();
      break;
    }
    row.push(stream.parsers.list(stream, false));
    if (stream.isOp('&')) {
      stream.next();
    } else if (stream.isOp('\\\\')) {
      stream.next();
      rows.push(row);
      row = [];
    } else if (!stream.isCmd('end')) {
      throw new MathSyntaxError('bad matrix');
    }
  }
  if (row.length > 0) rows.push(row);
  if (rows.length === 0 || rows.some((cells) => cells.length !== rows[0]!.length)) throw new MathSyntaxError('ragged matrix');
  return { type: 'matrix', rows };
}
