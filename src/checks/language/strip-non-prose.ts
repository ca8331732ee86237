// Code (SQL too), LaTeX, URLs and e-mail addresses are not natural language: a Chinese trace
// full of `np.mean(x)` or $\frac{a}{b}$ has not switched to English. They are
// blanked out (each character becomes a space, newlines stay) before language is
// judged, so offsets in the result are offsets in the original text.

const FENCED_CODE = /```[\s\S]*?(?:```|$)|~~~[\s\S]*?(?:~~~|$)/g;
const INLINE_CODE = /`[^`\n]*`/g;
const DISPLAY_MATH = /\$\$[\s\S]*?\$\$|\\\[[\s\S]*?\\\]|\\begin\{([a-zA-Z*]+)\}[\s\S]*?\\end\{\1\}/g;
const INLINE_MATH = /\$[^$\n]*\$|\\\([\s\S]*?\\\)/g;
const LATEX_COMMAND = /\\[a-zA-Z]+\*?(?:\{[^{}\n]*\})?/g;
const URL = /\b(?:https?|ftp):\/\/[^\s<>"'）】]+|\bwww\.[^\s<>"'）】]+/g;
const EMAIL = /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g;
// An indented code block line (4 spaces or a tab).
const INDENTED_CODE = /^(?: {4}|\t)[^\n]*$/gm;

/*
 * Code pasted without a fence (Swift, Python, JS in a chat answer): a line that
 * opens with a keyword and has code punctuation, a line of closing brackets, or an
 * assignment. Checked again in isProseLine, since "For example (see below):" or
 * "If x = 3, then y = 5." open the same way.
 */
const CODE_LINE = new RegExp(
  '^[ \\t]*(?:' +
    '(?:func|let|var|const|def|class|import|from|return|guard|struct|enum|public|private|protected|static|fn|use|package|' +
    '#include|#define|int|void|float|double|bool|char|auto|async|await|try|catch|except|elif|else|switch|case|for|while|if|' +
    'print|println|printf|echo|export|interface|type|impl|pub|override|yield|raise|throw|do|end)\\b[^\\n]*(?:[{}();:=\\[\\]]|->)[^\\n]*' +
    '|(?:console|System\\.out|self|this|std|np|pd|os|sys|math|fmt)\\.[^\\n]*' +
    '|from[ \\t]+[\\w.]+[ \\t]+import[ \\t][^\\n]*|import[ \\t]+[\\w.]+(?:[ \\t]+as[ \\t]+\\w+)?[ \\t]*' +
    '|[}\\])][^\\n]{0,3}' +
    '|[A-Za-z_][\\w.]*(?:\\[[^\\]\\n]*\\])?[ \\t]*(?:[+\\-*/%|&]?=|:=)[ \\t]*[^\\s=][^\\n]*' +
    ')$',
  'gm',
);
// SQL written inline ("可以写 SELECT name FROM users WHERE age > 18; 这条语句…"): an upper-case
// statement keyword and a clause keyword after it, to the semicolon or the next Chinese.
const SQL_STATEMENT =
  /\b(?:SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|VIEW))\b[^\n;。\u4e00-\u9fff]*?\b(?:FROM|WHERE|SET|VALUES|JOIN)\b[^\n;。\u4e00-\u9fff]*;?/g;
const SQL_SIGN = /SELECT|INSERT|UPDATE|DELETE|CREATE/;
const CODE_PUNCTUATION = /[(){};=[\]<>]/g;
const PLAIN_WORD = /(?:^|\s)[a-z]{2,}(?=[\s,.:]|$)/g;
const HAN = /[\u4e00-\u9fff]/;

export function stripNonProse(text: string): string {
  let out = text;
  if (out.includes('```') || out.includes('~~~')) out = out.replace(FENCED_CODE, blank);
  if (out.includes('`')) out = out.replace(INLINE_CODE, blank);
  if (out.includes('$') || out.includes('\\')) {
    out = out.replace(DISPLAY_MATH, blank).replace(INLINE_MATH, blank);
    if (out.includes('\\')) out = out.replace(LATEX_COMMAND, blank);
  }
  if (out.includes('://') || out.includes('www.')) out = out.replace(URL, blank);
  if (out.includes('@')) out = out.replace(EMAIL, blank);
  if (out.includes('    ') || out.includes('\t')) out = out.replace(INDENTED_CODE, blank);
  if (hasCodeSigns(out) || out.includes('import')) out = out.replace(CODE_LINE, blankCodeLine);
  if (SQL_SIGN.test(out)) out = out.replace(SQL_STATEMENT, blank);
  return out;
}

function hasCodeSigns(text: string): boolean {
  return text.includes('=') || text.includes('{') || text.includes('}') || text.includes(';') || text.includes('(');
}

function blankCodeLine(line: string): string {
  return isProseLine(line) ? line : blank(line);
}

/** A line that only looks like code: Chinese in it, or a sentence of plain words with little code punctuation. */
function isProseLine(line: string): boolean {
  if (HAN.test(line)) return true;
  const punctuation = line.match(CODE_PUNCTUATION)?.length ?? 0;
  const words = line.match(PLAIN_WORD)?.length ?? 0;
  const trimmed = line.trimEnd();
  return (words >= 5 && punctuation < 3) || (trimmed.endsWith('.') && words >= 3 && punctuation < 4);
}

/** The match as spaces, newlines kept: offsets after it stay those of the original text. */
function blank(match: string): string {
  if (!match.includes('\n')) return ' '.repeat(match.length);
  return match.replace(/[^\n]/g, ' ');
}
