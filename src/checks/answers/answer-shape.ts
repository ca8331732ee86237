/** The structure of a normalized final answer, so that sets, tuples and intervals compare by parts. */
export type AnswerShape =
  | { kind: 'choice'; letter: string }
  /** Unordered: {1, 2} or a bare list of roots "2, 3" / "x = 2 or x = 3". */
  | { kind: 'set'; items: string[] }
  /** Ordered, brackets significant: tuples (1, 2), intervals [0, 1), matrices. */
  | { kind: 'sequence'; open: string; close: string; items: string[] }
  | { kind: 'scalar'; text: string };

const CHOICE = /^(?:选项?\s*|option\s+|choice\s+)?[(（]?([A-H])[)）]?$/i;
const MATRIX = /^\\begin\{([pbvBV]?matrix|array)\}(?:\{[^}]*\})?([\s\S]*)\\end\{\1\}$/;

export function shapeAnswer(normalized: string): AnswerShape {
  const text = normalized.trim();
  const choice = CHOICE.exec(text);
  if (choice && (text.length <= 3 || /^(?:选|option|choice)/i.test(text))) {
    return { kind: 'choice', letter: choice[1]!.toUpperCase() };
  }
  const matrix = MATRIX.exec(text);
  if (matrix) {
    const items = matrix[2]!
      .split(/\\\\|&/)
      .map((item) => item.trim())
      .filter((item) => item !== '');
    return { kind: 'sequence', open: 'matrix', close: 'matrix', items };
  }
  if (text.startsWith('\\{') && text.endsWith('\\}') && enclosesWhole(text, 2)) {
    return { kind: 'set', items: splitTopLevel(text.slice(2, -2), /,/y) };
  }
  if (text.startsWith('{') && text.endsWith('}') && enclosesWhole(text, 1)) {
    return { kind: 'set', items: splitTopLevel(text.slice(1, -1), /,/y) };
  }
  const open = text[0];
  const close = text[text.length - 1];
  if ((open === '(' || open === '[') && (close === ')' || close === ']') && enclosesWhole(text, 1)) {
    const items = splitTopLevel(text.slice(1, -1), /,/y);
    if (items.length >= 2) return { kind: 'sequence', open, close, items: items.map(normalizeInfinity) };
  }
  const items = splitTopLevel(text, LIST_SEPARATOR);
  if (items.length >= 2) return { kind: 'set', items };
  return { kind: 'scalar', text };
}

const LIST_SEPARATOR = /\s*(?:,|;|，|；|\bor\b|\band\b|或者?|和|以及)\s*/y;

/** True when the bracket at 0 closes only at the very end ("(x-1)(x+1)" is not one group). */
function enclosesWhole(text: string, openLength: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0 && i < text.length - 1) return false;
    }
  }
  return depth === 0 && openLength > 0;
}

/** Splits at separators that are outside any bracket; empty parts are dropped. */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    if (depth !== 0) continue;
    separator.lastIndex = i;
    const match = separator.exec(text);
    if (match && match[0].length > 0 && (i === 0 || !/[0-9]/.test(text[i - 1]!) || !isThousands(text, i))) {
      parts.push(text.slice(start, i));
      start = i + match[0].length;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/** "1,234" at a comma: digits before and exactly three digits after, no space — a thousands separator. */
function isThousands(text: string, comma: number): boolean {
  return text[comma] === ',' && /^\d{3}(?!\d)/.test(text.slice(comma + 1, comma + 5));
}

function normalizeInfinity(item: string): string {
  return item
    .replace(/^\+\s*/, '')
    .replace(/∞/g, '\\infty')
    .replace(/\\infinity/g, '\\infty');
}
