import type { ComparisonBudget } from './comparison-budget.js';
import type { Expr } from './expression.js';
import { MathSyntaxError, type Token, type TokenKind } from './tokenize-math.js';

/** The expression parser's entry points the LaTeX command readers call back into (\\frac's arguments, \\sin's power). */
export interface ExpressionParsers {
  list(stream: TokenStream, topLevel: boolean): Expr;
  power(stream: TokenStream): Expr;
  exponent(stream: TokenStream): Expr;
}

/** A cursor over tokens, shared by the expression parser and the LaTeX command readers. */
export class TokenStream {
  private at = 0;
  depth = 0;

  constructor(
    private readonly tokens: Token[],
    readonly budget: ComparisonBudget,
    readonly parsers: ExpressionParsers,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw new MathSyntaxError('unexpected end');
    this.budget.spend();
    return token;
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  is(kind: TokenKind, text?: string, offset = 0): boolean {
    const token = this.tokens[this.at + offset];
    return token !== undefined && token.kind === kind && (text === undefined || token.text === text);
  }

  isOp(...texts: string[]): boolean {
    const token = this.tokens[this.at];
    return token !== undefined && token.kind === 'op' && texts.includes(token.text);
  }

  isCmd(...names: string[]): boolean {
    const token = this.tokens[this.at];
    return token !== undefined && token.kind === 'cmd' && names.includes(token.text);
  }

  accept(kind: TokenKind, text: string): boolean {
    if (!this.is(kind, text)) return false;
    this.at++;
    return true;
  }

  expect(kind: TokenKind, text: string): void {
    if (!this.accept(kind, text)) throw new MathSyntaxError(`expected ${text}`);
  }

  /** Puts a token back in front (the rest of "34" after \frac took its first digit). */
  unshift(token: Token): void {
    this.tokens.splice(this.at, 0, token);
  }

  /** Raw text of a brace group {…} (for environment names, \operatorname and \text). */
  readGroupText(): string {
    this.expect('op', '{');
    let text = '';
    let depth = 1;
    for (;;) {
      const token = this.next();
      if (token.kind === 'op' && token.text === '{') depth++;
      if (token.kind === 'op' && token.text === '}' && --depth === 0) return text;
      text += token.text;
    }
  }

  /** Guards recursion: a thousand nested brackets is not an answer. */
  enter(): void {
    if (++this.depth > 60) throw new MathSyntaxError('nested too deeply');
  }

  leave(): void {
    this.depth--;
  }
}
