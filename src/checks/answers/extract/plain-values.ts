import { NUMBER_WORDS_SOURCE, readNumberWords } from '../number-words.js';
import { span, type AnswerSpan } from './answer-span.js';

/**
 * Values written as plain prose in a concluding sentence, without math markup:
 * lists ("1 and 4"), points and intervals ("(1, −2)"), numbers in words
 * ("one half"), the one bold span of the sentence ("So the meeting falls on a
 * **Tuesday**."), and the one number of a sentence that opens as a conclusion
 * does ("So 8 friends can share the pizza.").
 */

// a number as prose writes it: "-3", "2.5", "3/4", "1,250", "12 000" (grouped by spaces)
export const PLAIN_NUMBER = String.raw`[-−]?(?:\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,])|\d[\d.,/]*\d|\d)`;

const LIST = new RegExp(String.raw`^\s*(${PLAIN_NUMBER}(?:\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or)\s+)${PLAIN_NUMBER})+)\s*$`);

/** "The roots are 1 and 4", "… are 2, 3, and 5": several plain values to the end of the sentence, one answer. */
export function plainList(rest: string, base: number): AnswerSpan | null {
  const list = LIST.exec(rest);
  if (!list) return null;
  const values = list[1]!.split(/\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/).filter((value) => value !== '');
  // commas only: kept as written ("0,75" may be a decimal comma, read as such by the comparison)
  const text = /\b(?:and|or)\b/.test(list[1]!) ? values.join(', ') : list[1]!;
  return { text, offset: base + list.index + list[0].indexOf(list[1]!), length: list[1]!.length, source: 'conclusion' };
}

const ITEM = String.raw`(?:${PLAIN_NUMBER}|\[\s*${PLAIN_NUMBER}(?:\s*,\s*${PLAIN_NUMBER})*\s*\])`;
const TUPLE = new RegExp(String.raw`([([{⟨]\s*${ITEM}(?:\s*,\s*${ITEM})+\s*[)\]}⟩])[\s.。]*$`);

/**
 * "The lines meet at the point (1, −2).", "The set is {1, 2, 3}.", "The vector is ⟨1, 2, 3⟩.",
 * "The matrix is [[1, 2], [3, 4]].": a bracketed group of plain numbers ending the sentence.
 */
export function endingTuple(sentence: string, base: number): AnswerSpan | null {
  const tuple = TUPLE.exec(sentence);
  return tuple ? span(tuple[1]!, base + tuple.index, 'conclusion') : null;
}

const WORDS_VALUE = new RegExp(String.raw`^\s*(?:about\s+|exactly\s+|only\s+)?(${NUMBER_WORDS_SOURCE})(?:\s+[A-Za-z]+){0,2}\s*$`, 'i');

/** "The probability is one half", "… is three-fourths", "… is twenty-one": a number in words after the cue. */
export function wordsValue(rest: string, base: number): AnswerSpan | null {
  const words = WORDS_VALUE.exec(rest);
  if (!words || readNumberWords(words[1]!) === null) return null;
  return span(words[1]!, base + words.index + words[0].indexOf(words[1]!), 'conclusion');
}

const BOLD = /\*\*([^*\n]{1,60}?)\*\*(?!\s*[:：])|__([^_\n]{1,60}?)__(?!\s*[:：])/g;

/** The one bold span of a sentence ("So, **8 friends** can share the pizza."), not a label ("**Note:**"). */
export function emphasisedValue(sentence: string, base: number): AnswerSpan | null {
  if (!sentence.includes('**') && !sentence.includes('__')) return null;
  const spans = [...sentence.matchAll(BOLD)];
  if (spans.length !== 1) return null;
  let value = (spans[0]![1] ?? spans[0]![2])!.trim();
  if (value === '' || /[:：]$/.test(value)) return null;
  // "**Final: 12 pieces of fruit.**": a short label inside the bold is not the value
  const label = /^[A-Za-z][A-Za-z ]{2,24}[:：]\s*(?=\S)/.exec(value);
  if (label) value = value.slice(label[0].length);
  return span(value, base + spans[0]!.index + spans[0]![0].indexOf(value), 'conclusion');
}

const CONCLUDING_OPENING =
  /^\s*(?:\*\*)?(?:(?:so|thus|therefore|hence|consequently|altogether|in\s+total|in\s+all|overall|finally|in\s+the\s+end)\b|所以|因此|故|综上所述?|总之|最后|最终)/i;
const NUMBER_IN_PROSE = new RegExp(String.raw`(?<![\w.])${PLAIN_NUMBER}(?![\w])`, 'g');

/** "So 8 friends can share the pizza.": a sentence that opens as a conclusion and holds one number. */
export function soleNumber(sentence: string, base: number): AnswerSpan | null {
  if (!CONCLUDING_OPENING.test(sentence)) return null;
  const numbers = [...sentence.matchAll(NUMBER_IN_PROSE)];
  if (numbers.length !== 1) return null;
  return span(numbers[0]![0], base + numbers[0]!.index, 'conclusion');
}

const RELATION = String.raw`(?:${PLAIN_NUMBER}\s*(?:<=?|≤|>=?|≥)\s*)?[a-zA-Z]\s*(?:<=?|≤|>=?|≥|≠|!=)\s*${PLAIN_NUMBER}`;
const RELATIONS = new RegExp(String.raw`(${RELATION}(?:\s*(?:,\s*)?(?:or|and)\s+${RELATION})*)[\s.。]*$`);

/**
 * "The inequality holds when x < -1 or x > 3.", "… for -2 < x ≤ 5.": relations in one variable typed in
 * prose, ending a sentence that holds no other number before them.
 */
export function plainRelations(sentence: string, base: number): AnswerSpan | null {
  if (!/[<>≤≥≠]/.test(sentence)) return null;
  const relations = RELATIONS.exec(sentence);
  if (!relations || /\d|\$/.test(sentence.slice(0, relations.index))) return null;
  return span(relations[1]!, base + relations.index, 'conclusion');
}
