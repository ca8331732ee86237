/**
 * Splits LaTeX or plain-text math into tokens. Letters are single symbols (xy is
 * x·y) unless a run spells a known function or word of plain-text math (sqrt, sin,
 * pi, or) or is three letters or more (a name such as "Area"). Unicode operators
 * (×, ≤, √, π …) become the commands they stand for.
 */
export type TokenKind = 'num' | 'id' | 'word' | 'cmd' | 'op' | 'text';

export interface Token {
  kind: TokenKind;
  /** num: the digits as written ("0.250"); id: the letter; word/cmd: the name without backslash; op: the operator. */
  text: string;
  /** Power of ten of a number in e-notation ("6.02e23"), else 0. */
  exponent?: number;
}

export class MathSyntaxError extends Error {
  override name = 'MathSyntaxError';
}

/** Words of plain-text math that mean something (everything else of 3+ letters is a name). */
export const PLAIN_WORDS = new Set(
  (
    'sqrt cbrt sin cos tan cot sec csc arcsin arccos arctan asin acos atan sinh cosh tanh log ln lg exp abs floor ceil ' +
    'gcd lcm max min pi inf infinity and or mod binom'
  ).split(' '),
);

const UNICODE_COMMANDS: Record<string, string> = {
  '×': 'times',
  '·': 'cdot',
  '⋅': 'cdot',
  '÷': 'div',
  '≤': 'le',
  '⩽': 'le',
  '≥': 'ge',
  '⩾': 'ge',
  '≠': 'ne',
  '≈': 'approx',
  '±': 'pm',
  '∓': 'mp',
  '√': 'sqrt',
  '∞': 'infty',
  π: 'pi',
  '∪': 'cup',
  '∩': 'cap',
  '∈': 'in',
  '∅': 'emptyset',
  ℝ: 'Reals',
  '∛': 'cbrt',
  '⟨': 'langle',
  '⟩': 'rangle',
};

const TWO_CHAR_OPS = new Set(['<=', '>=', '!=', '==', '=<', '=>', '**', '->', ':=', '<>']);
const ONE_CHAR_OPS = new Set([..."+-*/^_!=<>,;:()[]{}|&'%~"]);
const GREEK = /[\u0370-\u03ff]/;

export function tokenizeMath(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (isDigit(c) || (c === '.' && isDigit(source[i + 1] ?? ''))) {
      i = readNumber(source, i, tokens);
    } else if (c === '\\') {
      i = readCommand(source, i, tokens);
    } else if (isLetter(c)) {
      let end = i + 1;
      while (end < source.length && isLetter(source[end]!)) end++;
      pushLetters(source.slice(i, end), tokens);
      i = end;
    } else if (GREEK.test(c) && c !== '·') {
      tokens.push(c === 'π' ? { kind: 'cmd', text: 'pi' } : { kind: 'id', text: c });
      i++;
    } else if (UNICODE_COMMANDS[c]) {
      tokens.push({ kind: 'cmd', text: UNICODE_COMMANDS[c] });
      i++;
    } else if (c === '−' || c === '–') {
      tokens.push({ kind: 'op', text: '-' });
      i++;
    } else if (TWO_CHAR_OPS.has(source.slice(i, i + 2))) {
      tokens.push({ kind: 'op', text: source.slice(i, i + 2) });
      i += 2;
    } else if (ONE_CHAR_OPS.has(c)) {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else if (c === '.' || c === '"' || c === '$') {
      i++; // a full stop after the answer, stray quotes and dollars carry no value
    } else if (/[\u3400-\u9fff]/.test(c)) {
      let end = i + 1;
      while (end < source.length && /[\u3400-\u9fff]/.test(source[end]!)) end++;
      tokens.push({ kind: 'text', text: source.slice(i, end) });
      i = end;
    } else {
      throw new MathSyntaxError(`unexpected character ${JSON.stringify(c)}`);
    }
  }
  return tokens;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function readNumber(source: string, start: number, tokens: Token[]): number {
  const match = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(source.slice(start, start + 400));
  if (!match) throw new MathSyntaxError('bad number');
  let end = start + match[0].length;
  const token: Token = { kind: 'num', text: match[0] };
  // e-notation: "6.02e23", "1E-3" (not "2e" alone, which is 2·e)
  const exponent = /^[eE]([-+]?\d{1,4})(?![\d.A-Za-z])/.exec(source.slice(end, end + 8));
  if (exponent) {
    token.exponent = Number(exponent[1]);
    end += exponent[0].length;
  }
  tokens.push(token);
  return end;
}

function readCommand(source: string, start: number, tokens: Token[]): number {
  let end = start + 1;
  while (end < source.length && isLetter(source[end]!)) end++;
  if (end === start + 1) {
    // one-character commands: \{ \} \| \% \\ and spacing
    const c = source[start + 1] ?? '';
    if (c === '{' || c === '}') tokens.push({ kind: 'op', text: '\\' + c });
    else if (c === '|') tokens.push({ kind: 'op', text: '|' });
    else if (c === '%') tokens.push({ kind: 'op', text: '%' });
    else if (c === '\\') tokens.push({ kind: 'op', text: '\\\\' });
    else if (c === '$') tokens.push({ kind: 'cmd', text: 'dollar' });
    return start + 2;
  }
  tokens.push({ kind: 'cmd', text: source.slice(start + 1, end) });
  return end;
}

function pushLetters(run: string, tokens: Token[]): void {
  const lower = run.toLowerCase();
  if (PLAIN_WORDS.has(lower)) {
    tokens.push({ kind: 'word', text: lower });
  } else if (run.length >= 3) {
    // a leading function name glued to a variable ("sinx", "lnx", "sqrtx")
    const prefix = ['sqrt', 'sin', 'cos', 'tan', 'log', 'ln', 'exp'].find(
      (name) => lower.startsWith(name) && run.length - name.length <= 1,
    );
    if (prefix) {
      tokens.push({ kind: 'word', text: prefix });
      for (const letter of run.slice(prefix.length)) tokens.push({ kind: 'id', text: letter });
    } else {
      tokens.push({ kind: 'text', text: run });
    }
  } else {
    for (const letter of run) tokens.push({ kind: 'id', text: letter });
  }
}
