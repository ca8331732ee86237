// A paragraph after the answer that opens as an aside ("Note that with 8% tax it would be $21.60.",
// "P.S. …", "注意：…") or as a check of it ("Check: 2(5) + 1 = 11 ✓", "验证：…") adds a remark, not
// the answer: its numbers are not the final value.
const ASIDE_PARAGRAPH =
  /\n[ \t]*\n[ \t>*_]*(?:(?:please\s+|also\s+|side\s+|one\s+)?note\b|N\.\s?B\.|remark\b|P\.\s?S\.|keep\s+in\s+mind\b|bear\s+in\s+mind\b|caveat\b|disclaimer\b|(?:check(?:ing)?|verification|verify(?:ing)?|sanity\s+check)\s*(?:\*\*)?\s*[:：]|注意|注\s*[:：]|备注|提示\s*[:：]|验证|检验)[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*$/iy;

/** The text without the aside paragraphs it ends on (at most two), when something is left before them. */
export function withoutAsides(text: string): string {
  for (let guard = 0; guard < 2; guard++) {
    const start = text.lastIndexOf('\n\n');
    if (start <= 0) return text;
    ASIDE_PARAGRAPH.lastIndex = start;
    if (!ASIDE_PARAGRAPH.test(text)) return text;
    const before = text.slice(0, start).trimEnd();
    if (before === '') return text;
    text = before;
  }
  return text;
}
