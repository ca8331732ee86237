// Code, LaTeX, URLs and e-mail addresses are not natural language: a Chinese trace
// full of `np.mean(x)` or $\frac{a}{b}$ has not switched to English. They are cut
// out (replaced by a space, so the words either side stay apart) before language
// is judged.

const FENCED_CODE = /```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)/g;
const INLINE_CODE = /`[^`\n]*`/g;
const DISPLAY_MATH = /\$\$[\s\S]*?\$\$|\\\[[\s\S]*?\\\]|\\begin\{([a-zA-Z*]+)\}[\s\S]*?\\end\{\1\}/g;
const INLINE_MATH = /\$[^$\n]*\$|\\\([\s\S]*?\\\)/g;
const LATEX_COMMAND = /\\[a-zA-Z]+\*?(?:\{[^{}\n]*\})?/g;
const URL = /\b(?:https?|ftp):\/\/[^\s<>"'）】]+|\bwww\.[^\s<>"'）】]+/g;
const EMAIL = /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g;
// An indented code block line (4 spaces or a tab) after a blank line or at the start.
const INDENTED_CODE = /^(?: {4}|\t)[^\n]*$/gm;
// A markdown table row's pipes and alignment rows carry no language.
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/gm;

export function stripNonProse(text: string): string {
  let out = text;
  if (out.includes('```') || out.includes('~~~')) out = out.replace(FENCED_CODE, ' \n');
  if (out.includes('`')) out = out.replace(INLINE_CODE, ' ');
  if (out.includes('$') || out.includes('\\')) {
    out = out.replace(DISPLAY_MATH, ' \n').replace(INLINE_MATH, ' ');
    if (out.includes('\\')) out = out.replace(LATEX_COMMAND, ' ');
  }
  if (out.includes('://') || out.includes('www.')) out = out.replace(URL, ' ');
  if (out.includes('@')) out = out.replace(EMAIL, ' ');
  if (out.includes('    ') || out.includes('\t')) out = out.replace(INDENTED_CODE, ' ');
  if (out.includes('---')) out = out.replace(TABLE_RULE, ' ');
  return out;
}
