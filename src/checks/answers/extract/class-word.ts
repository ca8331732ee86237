import type { AnswerClass } from '../question-hints.js';
import { span, type AnswerSpan } from './answer-span.js';

// Answers drawn from a closed set of words the question names: a day of the week, a month, a compass direction.
const CLASS_WORDS: Record<AnswerClass, RegExp> = {
  // capitalised as names are ("may" is a verb, "May" the month)
  weekday:
    /\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|星期[一二三四五六日天]|周[一二三四五六日]|礼拜[一二三四五六日天]/g,
  month:
    /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|[一二三四五六七八九十]{1,2}月|1[0-2]月|[1-9]月/g,
  direction: /\b(?:north(?:[-\s]?(?:east|west))?|south(?:[-\s]?(?:east|west))?|east|west)\b|[东南西北]{1,2}方/gi,
};
const NEGATED = /\b(?:not|never|isn['’]t|wasn['’]t)\s+(?:on\s+)?(?:a\s+|an\s+|the\s+|in\s+)?$|不是\s*$/i;

/**
 * The word of the asked-for class that the last sentence answers with: the last one there that is
 * not ruled out ("… falls on a Tuesday, not a Monday." is Tuesday; "Since the 1st is a Sunday, it
 * falls on a Tuesday." is Tuesday too).
 */
export function classWord(text: string, base: number, answerClass: AnswerClass): AnswerSpan | null {
  const from = Math.max(0, text.length - 300);
  let end = text.length;
  while (end > from && /[\s.!?。！？*]/.test(text[end - 1]!)) end--;
  let start = end;
  while (start > from && !/[.!?。！？\n]/.test(text[start - 1]!)) start--;
  const sentence = text.slice(start, end);
  const pattern = CLASS_WORDS[answerClass];
  pattern.lastIndex = 0;
  let found: RegExpExecArray | null = null;
  for (let match = pattern.exec(sentence); match; match = pattern.exec(sentence)) {
    if (!NEGATED.test(sentence.slice(Math.max(0, match.index - 24), match.index))) found = match;
  }
  return found ? span(found[0], base + start + found.index, 'conclusion') : null;
}
