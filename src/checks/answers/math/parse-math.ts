import { ComparisonBudget } from './comparison-budget.js';
import { isScalar, num, type Expr, type RelationOp } from './expression.js';
import { parseCommand, readTexArgument, startsCommandValue } from './parse-latex-commands.js';
import { parseDecimal, rational } from './rational.js';
import { TokenStream } from './token-stream.js';
import { MathSyntaxError, tokenizeMath } from './tokenize-math.js';

/**
 * Parses a final answer written in LaTeX or plain text into an expression.
 * Precedence, loosest first: list (, ; or and) → relation chain (= < ≤ …) →
 * union (∪) → ratio (:) → sum (+ − ±) → product (× · / and juxtaposition) →
 * sign → power (^) → postfix (! % ′) → atom. Throws MathSyntaxError on what it
 * cannot read, and BudgetExceeded when the budget runs out.
 */
export function parseMath(source: string, budget: ComparisonBudget = new ComparisonBudget()): Expr {
  if (source.length > 4000) throw new MathSyntaxError('too long to be a final answer');
  const stream = new TokenStream(tokenizeMath(source), budget, PARSERS);
  if (stream.done()) throw new MathSyntaxError('empty');
  const expr = parseList(stream, true);
  if (!stream.done()) throw new MathSyntaxError(`unexpected ${stream.peek()!.text}`);
  return expr;
}

const PARSERS = { list: parseList, power: parsePower, exponent: parseExponent };

const RELATIONS: Record<string, RelationOp> = {
  '=': '=',
  '==': '=',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '=<': '<=',
  '>=': '>=',
  '=>': '>=',
  '!=': '!=',
  '<>': '!=',
  le: '<=',
  leq: '<=',
  leqslant: '<=',
  ge: '>=',
  geq: '>=',
  geqslant: '>=',
  lt: '<',
  gt: '>',
  ne: '!=',
  neq: '!=',
  approx: '~',
  sim: '~',
  simeq: '~',
  thickapprox: '~',
  doteq: '~',
  in: 'in',
};

function relationAt(stream: TokenStream): RelationOp | null {
  const token = stream.peek();
  if (!token || (token.kind !== 'op' && token.kind !== 'cmd')) return null;
  return RELATIONS[token.text] ?? null;
}

/** Items joined by commas, semicolons, "or", "and" (top level only for the words). */
export function parseList(stream: TokenStream, topLevel: boolean): Expr {
  const items = [parseRelation(stream)];
  let joiner: 'comma' | 'or' | 'and' = 'comma';
  for (;;) {
    if (stream.isOp(',', ';')) {
      stream.next();
      if (topLevel && (stream.is('word', 'and') || stream.is('word', 'or'))) joiner = stream.next().text as 'and' | 'or';
    } else if (topLevel && (stream.is('word', 'and') || stream.is('word', 'or'))) {
      joiner = stream.next().text as 'and' | 'or';
    } else {
      break;
    }
    items.push(parseRelation(stream));
  }
  return items.length === 1 ? items[0]! : { type: 'list', items, joiner };
}

function parseRelation(stream: TokenStream): Expr {
  const sides = [parseUnion(stream)];
  const ops: RelationOp[] = [];
  for (let op = relationAt(stream); op; op = relationAt(stream)) {
    stream.next();
    ops.push(op);
    sides.push(parseUnion(stream));
  }
  return ops.length === 0 ? sides[0]! : { type: 'rel', ops, sides };
}

function parseUnion(stream: TokenStream): Expr {
  const parts = [parseRatio(stream)];
  while (stream.isCmd('cup') || (stream.is('id', 'U') && (stream.is('op', '(', 1) || stream.is('op', '[', 1)))) {
    stream.next();
    parts.push(parseRatio(stream));
  }
  return parts.length === 1 ? parts[0]! : { type: 'union', parts };
}

function parseRatio(stream: TokenStream): Expr {
  const parts = [parseSum(stream)];
  while (stream.isOp(':') && !stream.is('op', '=', 1)) {
    stream.next();
    parts.push(parseSum(stream));
  }
  return parts.length === 1 ? parts[0]! : { type: 'ratio', parts };
}

function parseSum(stream: TokenStream): Expr {
  let terms: Expr[] = [parseProduct(stream)];
  for (;;) {
    if (stream.isOp('+')) {
      stream.next();
      terms.push(parseProduct(stream));
    } else if (stream.isOp('-')) {
      stream.next();
      terms.push({ type: 'neg', arg: parseProduct(stream) });
    } else if (stream.isCmd('pm', 'mp')) {
      const sign = stream.next().text === 'pm' ? 1 : -1;
      const left = terms.length === 1 ? terms[0]! : { type: 'add' as const, terms };
      terms = [{ type: 'pm', left, right: parseProduct(stream), sign }];
    } else {
      break;
    }
  }
  return terms.length === 1 ? terms[0]! : { type: 'add', terms };
}

function parseProduct(stream: TokenStream): Expr {
  let left = parseSigned(stream);
  for (;;) {
    if (stream.isOp('*') || stream.isCmd('times', 'cdot', 'ast', 'cross')) {
      stream.next();
      left = multiply(left, parseSigned(stream));
    } else if (stream.isOp('/') || stream.isCmd('div', 'over')) {
      stream.next();
      left = { type: 'div', num: left, den: parseSigned(stream) };
    } else if (stream.isCmd('bmod', 'mod') || stream.is('word', 'mod')) {
      stream.next();
      left = { type: 'call', fn: 'mod', args: [left, parseSigned(stream)] };
    } else if (startsImplicitFactor(stream)) {
      const mixed = mixedNumber(stream, left);
      left = mixed ?? multiply(left, parsePower(stream));
    } else {
      return left;
    }
  }
}

function multiply(left: Expr, right: Expr): Expr {
  if (!isScalar(left) || !isScalar(right)) throw new MathSyntaxError('product of structures');
  return left.type === 'mul' ? { type: 'mul', factors: [...left.factors, right] } : { type: 'mul', factors: [left, right] };
}

/** "2\frac{1}{4}" is two and a quarter, as people write mixed numbers, not 2·¼. */
function mixedNumber(stream: TokenStream, whole: Expr): Expr | null {
  if (whole.type !== 'num' || !/^\d+$/.test(whole.text) || !stream.isCmd('frac', 'dfrac', 'tfrac')) return null;
  const fraction = parseAtom(stream);
  if (fraction.type === 'div' && fraction.num.type === 'num' && fraction.den.type === 'num') {
    const [top, bottom] = [fraction.num.value, fraction.den.value];
    if (top.d === 1n && bottom.d === 1n && top.n > 0n && top.n < bottom.n) {
      return parsePostfix(stream, num(rational(whole.value.n * bottom.n + top.n, bottom.n), `${whole.text} ${top.n}/${bottom.n}`));
    }
  }
  return multiply(whole, parsePostfix(stream, fraction));
}

function startsImplicitFactor(stream: TokenStream): boolean {
  const token = stream.peek();
  if (!token) return false;
  switch (token.kind) {
    case 'num':
    case 'id':
    case 'text':
      return true;
    case 'word':
      return token.text !== 'and' && token.text !== 'or' && token.text !== 'mod';
    case 'cmd':
      return startsCommandValue(token.text);
    case 'op':
      return token.text === '(' || token.text === '{';
  }
}

function parseSigned(stream: TokenStream): Expr {
  if (stream.isOp('-')) {
    stream.next();
    return { type: 'neg', arg: parseSigned(stream) };
  }
  if (stream.isOp('+')) {
    stream.next();
    return parseSigned(stream);
  }
  if (stream.isCmd('pm', 'mp')) {
    const sign = stream.next().text === 'pm' ? 1 : -1;
    return { type: 'pm', left: null, right: parseSigned(stream), sign };
  }
  return parsePower(stream);
}

export function parsePower(stream: TokenStream): Expr {
  stream.enter();
  let base = parsePostfix(stream, parseAtom(stream));
  if (stream.isOp('^', '**')) {
    stream.next();
    base = parsePostfix(stream, { type: 'pow', base, exp: parseExponent(stream) });
  }
  stream.leave();
  return base;
}

/** x^2, x^{n+1}, x^-1, 2^(n) and 2**10: a TeX group, a signed atom, or a whole number. */
export function parseExponent(stream: TokenStream): Expr {
  if (stream.isOp('-')) {
    stream.next();
    return { type: 'neg', arg: parseExponent(stream) };
  }
  if (stream.isOp('+')) stream.next();
  if (stream.isOp('{')) return readTexArgument(stream);
  return parsePower(stream);
}

export function parsePostfix(stream: TokenStream, base: Expr): Expr {
  for (;;) {
    if (stream.isOp('!')) {
      stream.next();
      base = { type: 'call', fn: 'factorial', args: [base] };
    } else if (stream.isOp('%')) {
      stream.next();
      base = { type: 'percent', arg: base };
    } else if (stream.isOp("'") && base.type === 'sym') {
      stream.next();
      base = { type: 'sym', name: base.name + "'" };
    } else {
      return base;
    }
  }
}

export function parseAtom(stream: TokenStream): Expr {
  const token = stream.next();
  switch (token.kind) {
    case 'num': {
      const value = parseDecimal(token.text);
      if (!value) throw new MathSyntaxError('bad number');
      if (!token.exponent) return num(value, token.text);
      const scale = 10n ** BigInt(Math.abs(token.exponent));
      const scaled = token.exponent > 0 ? rational(value.n * scale, value.d) : rational(value.n, value.d * scale);
      return num(scaled, `${token.text}e${token.exponent}`);
    }
    case 'id':
      return readSymbol(stream, token.text);
    case 'text':
      return { type: 'text', text: token.text };
    case 'word':
      return parseCommand(stream, token.text, true);
    case 'cmd':
      return parseCommand(stream, token.text, false);
    case 'op':
      return parseBracket(stream, token.text);
  }
}

function readSymbol(stream: TokenStream, letter: string): Expr {
  let name = letter;
  if (stream.isOp('_')) {
    stream.next();
    name += '_' + (stream.isOp('{') ? stream.readGroupText() : stream.next().text);
  }
  if (name === 'e') return { type: 'const', name: 'e' };
  if (name === 'i') return { type: 'const', name: 'i' };
  return { type: 'sym', name };
}

function parseBracket(stream: TokenStream, open: string): Expr {
  if (open === '|') return { type: 'call', fn: 'abs', args: [until(stream, '|')] };
  if (open === '\\{') {
    if (stream.accept('op', '\\}')) return { type: 'empty' };
    // set-builder {x | x > 0}, {x : x > 0}, {x \mid x > 0}: the condition describes the set
    if (stream.is('id') && (stream.is('op', '|', 1) || stream.is('op', ':', 1) || stream.is('cmd', 'mid', 1))) {
      stream.next();
      stream.next();
      return until(stream, '\\}');
    }
    return { type: 'set', items: items(until(stream, '\\}')) };
  }
  if (open === '{') {
    if (stream.accept('op', '}')) return { type: 'empty' };
    const inner = until(stream, '}');
    return inner.type === 'list' ? { type: 'set', items: inner.items } : inner;
  }
  if (open !== '(' && open !== '[') throw new MathSyntaxError(`unexpected ${open}`);
  stream.enter();
  const inner = parseList(stream, false);
  const close = stream.next();
  stream.leave();
  if (close.kind !== 'op' || (close.text !== ')' && close.text !== ']')) throw new MathSyntaxError('unclosed bracket');
  if (inner.type !== 'list') {
    if ((open === '(' && close.text === ')') || (open === '[' && close.text === ']')) return inner;
    throw new MathSyntaxError('mismatched brackets');
  }
  return { type: 'tuple', open, close: close.text, items: inner.items };
}

function until(stream: TokenStream, close: string): Expr {
  stream.enter();
  const inner = parseList(stream, false);
  stream.expect('op', close);
  stream.leave();
  return inner;
}

function items(expr: Expr): Expr[] {
  return expr.type === 'list' ? expr.items : [expr];
}
