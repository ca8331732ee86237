import { shapeAnswer, type AnswerShape } from './answer-shape.js';
import { normalizeAnswer } from './normalize-answer.js';
import { numbersMatch, parseNumber, type ParsedNumber } from './parse-number.js';
import type { SymbolicMath } from './symbolic-math.js';

/**
 * Whether two final answers say the same thing: numbers in any notation, symbolic
 * expressions (when `math` is given), sets in any order, tuples and intervals part
 * by part with their brackets, choice letters, text without case or articles.
 */
export function answersEquivalent(a: string, b: string, math: SymbolicMath | null): boolean {
  const left = normalizeAnswer(a);
  const right = normalizeAnswer(b);
  if (left === right) return true;
  return shapesEqual(shapeAnswer(left), shapeAnswer(right), math);
}

function shapesEqual(a: AnswerShape, b: AnswerShape, math: SymbolicMath | null): boolean {
  if (a.kind === 'choice' || b.kind === 'choice') {
    return a.kind === 'choice' && b.kind === 'choice' && a.letter === b.letter;
  }
  if (a.kind === 'scalar' && b.kind === 'scalar') return scalarsEqual(a.text, b.text, math);
  if (a.kind === 'sequence' && b.kind === 'sequence') {
    return (
      a.open === b.open &&
      a.close === b.close &&
      a.items.length === b.items.length &&
      a.items.every((item, i) => scalarsEqual(item, b.items[i]!, math))
    );
  }
  if (a.kind === 'set' && b.kind === 'set') return sameMembers(a.items, b.items, math);
  return false;
}

function sameMembers(a: string[], b: string[], math: SymbolicMath | null): boolean {
  if (a.length !== b.length) return false;
  const unused = [...b];
  for (const item of a) {
    const at = unused.findIndex((other) => scalarsEqual(item, other, math));
    if (at < 0) return false;
    unused.splice(at, 1);
  }
  return true;
}

// "x = 4", "y=-2", "a_1 = 3": the value, not the variable.
const ASSIGNMENT = /^[a-zA-Z](?:_\{?[\w]+\}?)?\s*=\s*(.+)$/;

export function scalarsEqual(a: string, b: string, math: SymbolicMath | null): boolean {
  const left = stripAssignment(a);
  const right = stripAssignment(b);
  if (textKey(left) === textKey(right)) return true;
  const leftNumber = parseNumber(left);
  const rightNumber = parseNumber(right);
  if (leftNumber && rightNumber) return numbersMatch(leftNumber, rightNumber);
  if (!math || isWords(left) || isWords(right)) return false;
  return symbolicallyEqual(left, right, leftNumber, rightNumber, math);
}

function stripAssignment(text: string): string {
  const match = ASSIGNMENT.exec(text);
  return match ? match[1]!.trim() : text;
}

/** Text compared without case, articles, spaces and trailing punctuation. */
export function textKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/^(?:the|a|an)\s+/, '')
    .replace(/(?<!\d)[.。](?!\d)|[\s?？"'“”‘’*]+/g, '');
}

// Words are compared as text only: as math, "Paris" would be the product P·a·r·i·s.
function isWords(text: string): boolean {
  return /[\u3400-\u9fff]/.test(text) || (/^[A-Za-z\s'’-]+$/.test(text) && /[A-Za-z]{3,}/.test(text));
}

const SAMPLE_POINTS = [0.7318, 1.9137, 2.4521];

function symbolicallyEqual(a: string, b: string, aNumber: ParsedNumber | null, bNumber: ParsedNumber | null, math: SymbolicMath): boolean {
  const left = prepareLatex(a);
  const right = prepareLatex(b);
  const leftUnknowns = aNumber ? [] : math.unknowns(left);
  const rightUnknowns = bNumber ? [] : math.unknowns(right);
  if (!leftUnknowns || !rightUnknowns) return false;
  const variables = [...new Set([...leftUnknowns, ...rightUnknowns])];
  if (variables.length === 0) {
    const leftValue = aNumber ?? asNumber(math.evaluate(left, {}));
    const rightValue = bNumber ?? asNumber(math.evaluate(right, {}));
    return leftValue !== null && rightValue !== null && numbersMatch(leftValue, rightValue);
  }
  for (let i = 0; i < SAMPLE_POINTS.length; i++) {
    const point: Record<string, number> = {};
    variables.forEach((name, v) => (point[name] = SAMPLE_POINTS[(i + v) % SAMPLE_POINTS.length]! + v * 0.1));
    const leftValue = math.evaluate(left, point);
    const rightValue = math.evaluate(right, point);
    if (leftValue === null || rightValue === null) return false;
    if (Math.abs(leftValue - rightValue) > 1e-7 * Math.max(1, Math.abs(leftValue), Math.abs(rightValue))) return false;
  }
  return true;
}

function asNumber(value: number | null): ParsedNumber | null {
  return value === null ? null : { value, tolerance: null };
}

/** What the math parser lacks: \binom, and "e" meant as Euler's number. */
function prepareLatex(text: string): string {
  return text
    .replace(/\\binom\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}/g, (_, n: string, k: string) => String(binomial(Number(n), Number(k))))
    .replace(/\\[dt]?binom\s*(\d)\s*(\d)/g, (_, n: string, k: string) => String(binomial(Number(n), Number(k))));
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) result = (result * (n - i + 1)) / i;
  return Math.round(result);
}
