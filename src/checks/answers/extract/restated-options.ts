import { readOptions } from '../question-hints.js';
import type { AnswerSpan } from './answer-span.js';

// A reply that copies the options out ("(A) 30  (B) 40  (C) 45  (D) 60") and then names a value
// ("The angle is 45.") has chosen the option holding that value: the answer is that option,
// letter and value ("(C) 45"), so it matches a reference given as the letter or as the value.
const OPTION_B = /(?:^|\s)[(（]B[)）]|^[ \t]*B[.)）:：]/m;
// a reply restates the options where it starts or where it ends: only there are they looked for
const WINDOW = 1500;

/** The found answer as "(L) value" when the reply lists options and the value is exactly one of them. */
export function asRestatedOption(found: AnswerSpan, answer: string): AnswerSpan {
  if (found.source === 'choice' || found.source === 'none' || found.text.length > 60) return found;
  const where = answer.length <= 2 * WINDOW ? answer : `${answer.slice(0, WINDOW)}\n${answer.slice(-WINDOW)}`;
  // plain searches first (most replies list no options), the pattern only then
  if (where.indexOf('(B)') < 0 && where.indexOf('（B）') < 0 && where.indexOf('\nB') < 0 && !where.startsWith('B')) return found;
  if (!OPTION_B.test(where)) return found;
  const options = readOptions(where);
  if (options.size === 0) return found;
  const value = optionKey(found.text);
  if (/^[(（]?[A-E][)）]?$/.test(value)) return found;
  const letters = [...options].filter(([, option]) => optionKey(option) === value).map(([letter]) => letter);
  return letters.length === 1 ? { ...found, text: `(${letters[0]}) ${found.text}` } : found;
}

/** An option or a value as compared here: no math delimiters, bold, spaces or closing stop. */
function optionKey(text: string): string {
  return text
    .replace(/\$|\*\*|\s+/g, '')
    .replace(/[.。]$/, '')
    .toLowerCase();
}
