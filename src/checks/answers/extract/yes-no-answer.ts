import type { AnswerSpan } from './answer-span.js';

// "No, it is not possible.", "**Yes.** Every such number …", "Yes — 91 = 7 × 13 is composite": the
// answer to a yes/no question opens its sentence, then the reason follows.
const YES_NO_OPENING = /(?:^|[.!?]\s+|\n[ \t>*_#-]*)(?:\*\*|__)?(yes|no)\b(?:\*\*|__)?(?=\s*(?:[,.!;:—–]|-\s|\*\*|$))/gi;

const YES_OR_NO = /\b(?:yes|no)\b/i;

/** The yes or no that opens the last sentence or the last paragraph of the text. */
export function yesNoAnswer(text: string, base: number): AnswerSpan | null {
  const from = Math.max(0, text.length - 400);
  const window = text.slice(from).trimEnd();
  // most endings hold no "yes" or "no" at all: a plain search first, the opening pattern only then
  if (!YES_OR_NO.test(window)) return null;
  const paragraph = Math.max(0, window.lastIndexOf('\n\n'));
  let last: RegExpExecArray | null = null;
  YES_NO_OPENING.lastIndex = paragraph;
  for (let match = YES_NO_OPENING.exec(window); match; match = YES_NO_OPENING.exec(window)) last = match;
  if (!last) return null;
  const word = last[1]!;
  const at = last.index + last[0].toLowerCase().lastIndexOf(word.toLowerCase());
  // only the paragraph's opening or the last sentence: a "No," far back in a long paragraph is a step
  const opensParagraph = window.slice(paragraph, last.index).trim() === '';
  const lastSentence = !/[.!?](?=\s)/.test(window.slice(at + word.length + 1));
  if (!opensParagraph && !lastSentence) return null;
  return {
    text: word[0]!.toUpperCase() + word.slice(1).toLowerCase(),
    offset: base + from + at,
    length: word.length,
    source: 'conclusion',
  };
}
