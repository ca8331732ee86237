/**
 * Turns a final answer into a plain form for comparison: full-width digits made
 * ASCII, math delimiters, \boxed, \left/\right, spacing commands and degree signs
 * dropped, \text{…} unwrapped, \dfrac/\tfrac made \frac.
 */
export function normalizeAnswer(raw: string): string {
  let text = raw.normalize('NFKC').trim();
  // Math delimiters carry no value ("$40$ km" is 40 km); neither does a currency sign.
  text = text
    .replace(/\$/g, '')
    .replace(/^\\\(|\\\)$/g, '')
    .replace(/^\\\[|\\\]$/g, '');
  text = unwrapCommand(text, '\\boxed');
  text = text
    .replace(/\\(?:left|right|big|Big|bigg|Bigg)(?=[^a-zA-Z])/g, '')
    .replace(/\\[,;:!]|\\quad|\\qquad|\\ |~/g, ' ')
    .replace(/\^\s*\{?\s*\\circ\s*\}?|°|\\degree/g, '')
    .replace(/\\[dt]frac/g, '\\frac')
    .replace(/\\%/g, '%')
    .replace(/\\displaystyle/g, '');
  for (const command of ['\\text', '\\mathrm', '\\textbf', '\\mathbf', '\\textrm', '\\mbox', '\\operatorname']) {
    text = unwrapCommand(text, command);
  }
  return text
    .replace(/\s+/g, ' ')
    .replace(/^(?:is|=)\s+/i, '')
    .replace(/[.。;；,，]+$/, '')
    .replace(/^\*+|\*+$/g, '')
    .trim();
}

/** Replaces every `\command{content}` (balanced braces) by its content. */
function unwrapCommand(text: string, command: string): string {
  let at = text.indexOf(command + '{');
  while (at >= 0) {
    const open = at + command.length;
    const close = matchingBrace(text, open);
    if (close < 0) break;
    text = text.slice(0, at) + text.slice(open + 1, close) + text.slice(close + 1);
    at = text.indexOf(command + '{', at);
  }
  return text;
}

export function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}
