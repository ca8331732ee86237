import { readOptions } from '../question-hints.js';
import type { AnswerSpan } from './answer-span.js';

// A reply that copies the options out ("(A) 30  (B) 40  (C) 45  (D) 60") and then names a value
// ("The angle is 45.") has chosen the option holding that value: the answer is that option,
// letter and value ("(C) 45"), so it matches a reference given as the letter or as the value.
const OPTION_B = /(?:^|\s)[(（]B[)）]|^[ \t]*B[.)）:：]/m;

/** The found answer as "(L) value" when the reply lists options and the value is exactly one of them. */
export function asRestatedOption(found: AnswerSpan, answer: string): AnswerSpan {
  if (found.source === 'choice' || found.source === 'none' || found.text.length > 60 || !listsOptionB(answer)) return found;
  const options = readOptions(answer);
  if (options.size === 0) return found;
  const value = optionKey(found.text);
  if (/^[(（]?[A-E][)）]?$/.test(value)) return found;
  const letters = [...options].filter(([, option]) => optionKey(option) === value).map(([letter]) => letter);
  return letters.length === 1 ? { ...found, text: `(${letters[0]}) ${found.text}` } : found;
}

/** A cheap look for an option "B" first (most replies hold none), then the pattern. */
function listsOptionB(answer: string): boolean {
  return (
    (answer.includes('(B)') ||
      answer.includes('（B）') ||
      answer.includes('B.') ||
      answer.includes('B)') ||
      answer.includes('B:') ||
      answer.includes('B：')) &&
    OPTION_B.test(answer)
  );
}

/** An option or a value as compared here: no math delimiters, bold, spaces or closing stop. */
function optionKey(text: string): string {
  return text
    .replace(/\$|\*\*|\s+/g, '')
    .replace(/[.。]$/, '')
    .toLowerCase();
}
