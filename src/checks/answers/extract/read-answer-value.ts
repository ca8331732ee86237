/** The value that follows a lead-in such as "The answer is": where it starts and ends in the text. */
export interface ValueSpan {
  start: number;
  end: number;
  text: string;
}

const MAX_VALUE = 300;
// Where a plain value ends: a sentence break, a line break, prose that explains it, or the
// copula a Japanese or Korean sentence ends on ("答えは 9 です").
const VALUE_END =
  /(?:[.!?](?=\s|$)|。|！|？|；|;|\n|,?\s+(?:because|since|as|which|where|so|for|if|when|and\s+(?:so|thus|hence|this|that|the|it|we))\b|[,，]\s*(?:since|because|which|as|so|where|given|that|this|because)\b|，(?:因为|所以|即|由于|这)|\s*(?:です|である|となります|になります|입니다|이다))/;

/**
 * Reads the value at `from` (after a lead-in): a math span ($…$, $$…$$, \(…\), \[…\]),
 * a bold span, or plain text up to the end of the sentence, without the prose
 * that may follow ("42 because …" is 42). Null when nothing answer-like is there.
 */
export function readValue(text: string, from: number): ValueSpan | null {
  let at = from;
  // "为"/"是" lead in only when a value follows them: in "答案：是" the 是 is the answer (yes).
  const lead = /^(?:[\s:：]|\*\*|__|is\b|are\b|was\b|be\b|=|[为是](?=\s*[^\s。.!！?？,，;；]))*/.exec(text.slice(at, at + 40));
  at += lead ? lead[0].length : 0;
  if (at >= text.length) return null;
  // "The answer is not 5; it is 6": a lead-in that rules a value out states no answer
  if (/^(?:not|n['’]t)\b/i.test(text.slice(at, at + 4))) return null;
  const delimited = readDelimited(text, at);
  if (delimited) return withPercent(text, delimited);
  const rest = text.slice(at, at + MAX_VALUE + 1);
  const stop = VALUE_END.exec(rest);
  let end = stop ? stop.index : rest.length;
  if (end > MAX_VALUE) return null;
  // a math span inside the sentence carries the value ("x = 3$, so", "面积为 $24$")
  let value = rest.slice(0, end);
  const math = /\$[^$]+\$|\\\([^]*?\\\)/.exec(value);
  if (math && /[\u3400-\u9fff]/.test(value.slice(0, math.index))) {
    return withPercent(text, { start: at + math.index, end: at + math.index + math[0].length, text: math[0] });
  }
  value = value.replace(/^(?:\*\*|__)|(?<![\w)}])\*\*|\*\*(?![\w({])|__$/g, '').trimEnd();
  while (end > 0 && /[\s*_]/.test(rest[end - 1]!)) end--;
  if (!value.trim() || hasUnbalancedBrace(value)) return null;
  return { start: at, end: at + end, text: value.trim() };
}

function readDelimited(text: string, at: number): ValueSpan | null {
  const pairs: [string, string][] = [
    ['$$', '$$'],
    ['\\[', '\\]'],
    ['\\(', '\\)'],
    ['$', '$'],
    ['**', '**'],
  ];
  for (const [open, close] of pairs) {
    if (!text.startsWith(open, at)) continue;
    const closeAt = findClose(text, close, at + open.length);
    if (closeAt < 0 || closeAt - at > MAX_VALUE) return null;
    const inner = text.slice(at + open.length, closeAt);
    if (!inner.trim() || hasUnbalancedBrace(inner)) return null;
    // "**C. 15**" and "**72 clips**": bold may hold the value with its words
    return { start: at, end: closeAt + close.length, text: inner.trim() };
  }
  return null;
}

/** The next unescaped `close` (a "\\$" inside "$\\$1,250$" is a dollar sign, not the end). */
function findClose(text: string, close: string, from: number): number {
  for (let at = text.indexOf(close, from); at >= 0; at = text.indexOf(close, at + 1)) {
    if (close !== '$' || text[at - 1] !== '\\') return at;
  }
  return -1;
}

/** "$35$%" and "$35$ percent": a percent sign after the math belongs to the value. */
function withPercent(text: string, span: ValueSpan): ValueSpan {
  const percent = /^\s*(?:\\%|%|percent\b)/.exec(text.slice(span.end, span.end + 10));
  return percent ? { start: span.start, end: span.end + percent[0].length, text: span.text + '%' } : span;
}

export function hasUnbalancedBrace(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return true;
  }
  return depth !== 0;
}
