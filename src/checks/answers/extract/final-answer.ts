import { readQuestion, type QuestionHints } from '../question-hints.js';
import { NO_ANSWER, span, type AnswerSpan } from './answer-span.js';
import { withoutClosers } from './closing-sentences.js';
import { concludingValue } from './concluding-value.js';
import { findAnswerPhrase } from './answer-phrases.js';
import { finalBoxes } from './boxed-answers.js';
import { hasUnbalancedBrace } from './read-answer-value.js';
import { withoutAsides } from './asides.js';
import { withoutCurrencyDollars } from './currency-dollars.js';
import { classWord } from './class-word.js';
import { asRestatedOption } from './restated-options.js';
import { yesNoAnswer } from './yes-no-answer.js';

// Lead-ins are looked for near the end: answers end on their final answer, and a
// bounded window keeps extraction cheap on long outputs.
const TAIL = 6000;

/**
 * Finds the final answer a candidate commits to, in this order:
 * 1. the final group of \boxed{…} / \fbox{…} (boxes joined only by separators; earlier boxes are intermediate);
 * 2. an <answer>…</answer> tag;
 * 3. "Final Answer: The final answer is …" (Minerva), "**Final Answer**", "最终答案：";
 * 4. "The answer is …", "**Answer:** …", "Answer" on its own line, "答案：…", "故选 C", "Option C is correct";
 * 5. GSM8K's "#### 42";
 * 6. a last line that holds only a value ("42", "**17**", "$\frac{7}{2}$", a display block);
 * 7. the value a concluding last sentence ends on ("… the probability is 3/28.", "… needs **18** more tiles.",
 *    "Therefore, the car travels 250 miles.", "他一年能存下 12,000 元。"); a sentence that only checks the
 *    value ("Substituting back, …") gives way to the one before it;
 * 8. a choice letter the text ends on, for a multiple-choice question or in brackets ("**(D)**");
 * 9. the whole answer when it is one short line.
 * Prose after the value is dropped ("42 because …" is 42). Returns the span in `answer`.
 * Only what follows a closed <think> block is read; an unclosed one holds no answer.
 */
export function extractFinalAnswer(answer: string, question?: string): AnswerSpan {
  // DeepSeek-R1 and QwQ served raw put their reasoning in <think>…</think> before the answer:
  // a box or "the answer is" in there is a draft. A <think> never closed is reasoning cut off.
  const thinkEnd = answer.lastIndexOf('</think>');
  if (thinkEnd >= 0 && answer.slice(thinkEnd + 8).trim() !== '') {
    const found = extractAfterThinking(answer.slice(thinkEnd + 8), question);
    return found.offset < 0 ? found : { ...found, offset: found.offset + thinkEnd + 8 };
  }
  if (thinkEnd < 0 && answer.trimStart().startsWith('<think>')) return NO_ANSWER;
  return extractAfterThinking(answer, question);
}

function extractAfterThinking(answer: string, question?: string): AnswerSpan {
  const hints = readQuestion(question);
  const found = findAfterThinking(answer, question !== undefined && question !== '', hints);
  // options copied into the reply, then a value named: that option ("(C) 45"), unless the question lists them
  return hints.options.size === 0 ? asRestatedOption(found, answer) : found;
}

function findAfterThinking(answer: string, asked: boolean, hints: QuestionHints): AnswerSpan {
  const boxed = finalBoxes(answer);
  if (boxed) return boxed;
  const start = Math.max(0, answer.length - TAIL);
  const tail = withoutCurrencyDollars(withoutClosers(answer.slice(start)));
  const tagged = /<answer>\s*([\s\S]{1,300}?)\s*<\/answer>/i.exec(tail);
  if (tagged)
    return {
      text: tagged[1]!.trim(),
      offset: start + tagged.index + tagged[0].indexOf(tagged[1]!),
      length: tagged[1]!.length,
      source: 'tag',
    };
  const phrase = findAnswerPhrase(tail, start);
  if (phrase) return sentenceValue(phrase) ?? phrase;
  const block = endingBlock(tail, start) ?? answerFirst(answer);
  if (block) return block;
  // The fallbacks read a value out of ordinary prose: only where a value is asked for
  // (an explanation's last sentence is not a final answer to compare with its siblings').
  // A note after the answer ("Note that with tax it would be $21.60.") is not where it is.
  const body = withoutAsides(tail);
  const valueExpected = !asked || hints.quantitative || MATH_MARKUP.test(body);
  return (
    (hints.yesNo ? yesNoAnswer(body, start) : null) ??
    (hints.answerClass ? classWord(body, start, hints.answerClass) : null) ??
    (valueExpected ? (lastLineValue(body, start) ?? concludingValue(body, start)) : boldStatement(body, start)) ??
    specialAnswer(body, start) ??
    yesNoAnswer(body, start) ??
    trailingChoice(body, start, hints.options.size > 0) ??
    shortWholeAnswer(answer, valueExpected) ??
    NO_ANSWER
  );
}

// "The capital of France is **Paris**.": a last sentence that ends by stating one bold value
const BOLD_STATEMENT = /\b(?:is|are|was|were)\s+(?:\*\*|__)([^*_\n]{1,40}?)(?:\*\*|__)\s*[.!。]?\s*$/;

/** Where no value is asked for, only a last sentence that states a bold value after "is" answers. */
function boldStatement(text: string, base: number): AnswerSpan | null {
  const from = Math.max(0, text.length - 200);
  if (text.indexOf('**', from) < 0 && text.indexOf('__', from) < 0) return null;
  const statement = BOLD_STATEMENT.exec(text.slice(from));
  if (!statement) return null;
  return span(statement[1]!, base + from + statement.index + statement[0].indexOf(statement[1]!), 'conclusion');
}

/** The reference's own final answer: its box, its "####", its "The answer is", else the whole reference. */
export function extractReferenceAnswer(reference: string): string {
  const trimmed = reference.trim();
  if (trimmed.length <= 40 && !/answer|答案|####|\\boxed|\\fbox/i.test(trimmed)) return trimmed;
  const found = extractFinalAnswer(trimmed);
  return found.source === 'none' || found.source === 'whole' || found.source === 'conclusion' ? trimmed : found.text;
}

const MATH_MARKUP = /\$|\\\(|\\\[|\\frac|\\sqrt|\d\s*[=×*/^]\s*\d/;

const VALUE_LINE = /^(?:[-+−]?[\d.,/%°√π\s]+|[-+−]?(?:\d+(?:\.\d+)?)?\s*\\?[a-zA-Z]{1,2}(?:\^\{?\d+\}?)?|[(（]?[A-E][)）]?)$/;

/** "…\n\n17", "…\n\n**17**", "…\n\n$\frac{7}{2}$", "…\n\[\n\frac{1}{4}\n\]". */
function lastLineValue(text: string, base: number): AnswerSpan | null {
  // only the end matters: a bounded window keeps the anchored patterns linear
  const windowStart = Math.max(0, text.length - 600);
  base += windowStart;
  const trimmedEnd = text.slice(windowStart).trimEnd();
  const display = /(?:\$\$|\\\[)\s*([^$]{1,300}?)\s*(?:\$\$|\\\])$/.exec(trimmedEnd);
  if (display && (display.index === 0 || /\n\s*$/.test(trimmedEnd.slice(0, display.index)))) {
    return span(display[1]!, base + display.index + display[0].indexOf(display[1]!), 'last-line');
  }
  const lineStart = trimmedEnd.lastIndexOf('\n') + 1;
  if (lineStart === 0) return null;
  const line = trimmedEnd.slice(lineStart);
  const total = totalRow(line);
  if (total) return span(total, base + lineStart + line.lastIndexOf(total), 'last-line');
  const parts = lastPartLines(trimmedEnd);
  if (parts) return { ...parts, offset: base + parts.offset };
  const inner = /^\s*(?:[*_#>\s]*)(\$[^$]+\$|\\\(.+\\\)|.+?)(?:[*_\s]*)[.。]?$/.exec(line);
  if (!inner) return null;
  let value = inner[1]!.trim();
  // "**Total: 9**", "合计：9": a short label before the value
  const labelled = /^(?:[A-Za-z][A-Za-z ]{0,30}|[\u4e00-\u9fff]{1,8})\s*[:：]\s*(\S.*)$/.exec(value.replace(/\*\*/g, ''));
  if (labelled && !/^(?:answer|final answer|答案)$/i.test(value.slice(0, value.search(/[:：]/)).trim())) value = labelled[1]!.trim();
  // "$32.50" alone on a line is money, not an unclosed math span
  const money = /^\\?\$(\d[\d,]*(?:\.\d+)?)$/.exec(value.replace(/\*\*/g, ''));
  if (money) return span(money[1]!, base + lineStart + line.indexOf(money[1]!), 'last-line');
  const math = /^\$([^$]+)\$$|^\\\((.+)\\\)$/.exec(value);
  if (!math && !VALUE_LINE.test(value.replace(/\*\*/g, ''))) return null;
  if (hasUnbalancedBrace(value)) return null;
  return span(math ? (math[1] ?? math[2])! : value, base + lineStart + line.indexOf(value), 'last-line');
}

const JSON_ANSWER = /"(?:final_answer|finalAnswer|answer|result)"\s*:\s*(?:"((?:[^"\\\n]|\\.){1,200})"|([-+]?\d[\d.eE+-]*|true|false))/g;
const ENDING_FENCE = /```[\w-]*[ \t]*\n([^`]{1,400}?)\n?[ \t]*```$/;

/**
 * The answer a reply ends on as data: a JSON object's "answer" (or "final_answer", "result") field,
 * fenced or not, or a fenced block that holds only a value ("Output:\n```\n42\n```").
 */
function endingBlock(text: string, base: number): AnswerSpan | null {
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith('```') && !trimmed.endsWith('}')) return null;
  const from = Math.max(0, trimmed.length - 600);
  let found: RegExpExecArray | null = null;
  JSON_ANSWER.lastIndex = from;
  for (let match = JSON_ANSWER.exec(trimmed); match; match = JSON_ANSWER.exec(trimmed)) found = match;
  if (found) {
    const value = (found[1] ?? found[2])!;
    return span(value, base + found.index + found[0].lastIndexOf(value), 'tag');
  }
  const named = namedJsonValues(trimmed, from);
  if (named) return { ...named, offset: base + named.offset };
  const fence = ENDING_FENCE.exec(trimmed.slice(from));
  if (!fence) return null;
  const inner = fence[1]!.trim();
  if (inner.includes('\n') || !VALUE_LINE.test(inner)) return null;
  return span(inner, base + from + fence.index + fence[0].indexOf(inner), 'last-line');
}

// "**27.**\n\nHere's why: …": the value alone on the first line, then a paragraph that explains it
const ANSWER_FIRST =
  /^\s*(?:(?:\*\*|__)([^*_\n]{1,40}?)(?:\*\*|__)|([^\n]{1,30}))[ \t]*\n[ \t]*\n[ \t>*_#]*(?:here['’]?s\s+why|here\s+is\s+why|why\s*[:：]|explanation\s*[:：]|reason(?:ing)?\s*[:：]|because\b|this\s+is\s+because|理由|原因|解析|解释)/i;

/** A reply that gives its answer first, alone on the first line, and then the reason for it. */
function answerFirst(answer: string): AnswerSpan | null {
  // the first line break comes right after the value, or this is no answer given first
  const lineEnd = answer.indexOf('\n');
  if (lineEnd < 0 || lineEnd > 60) return null;
  const first = ANSWER_FIRST.exec(answer);
  if (!first) return null;
  const value = (first[1] ?? first[2])!.trim();
  if (first[2] !== undefined && !VALUE_LINE.test(value.replace(/[.。]$/, ''))) return null;
  if (hasUnbalancedBrace(value)) return null;
  return span(value, answer.indexOf(value), 'last-line');
}

// {"x": 3, "y": -1}: an object of one-letter unknowns and their values, the last thing in the reply
const JSON_NAMED = /\{\s*("[a-zA-Z]"\s*:\s*-?\d+(?:\.\d+)?(?:\s*,\s*"[a-zA-Z]"\s*:\s*-?\d+(?:\.\d+)?)*)\s*\}\s*(?:```)?$/;

/** The unknowns' values a JSON answer gives, as "x = 3, y = -1". */
function namedJsonValues(text: string, from: number): AnswerSpan | null {
  const named = JSON_NAMED.exec(text.slice(from));
  if (!named) return null;
  const values = [...named[1]!.matchAll(/"([a-zA-Z])"\s*:\s*(-?\d+(?:\.\d+)?)/g)].map((match) => `${match[1]} = ${match[2]}`);
  return { text: values.join(', '), offset: from + named.index + named[0].indexOf(named[1]!), length: named[1]!.length, source: 'tag' };
}

/** "| **Total** | **30** |": the last row of a table that totals, its last cell. */
function totalRow(line: string): string | null {
  const row = /^\|(.+)\|\s*$/.exec(line);
  if (!row) return null;
  const cells = row[1]!.split('|').map((cell) => cell.replace(/\*\*/g, '').trim());
  if (cells.length < 2 || !/^(?:total|sum|overall|answer|合计|总计|总和|共计)\b/i.test(cells[0]!)) return null;
  const value = cells[cells.length - 1]!;
  return /^[-−]?\$?\d[\d,.]*%?$/.test(value) ? value.replace(/^\$/, '') : null;
}

/** "a) 3\nb) 5": an answer in lettered parts, one value per line, joined. */
function lastPartLines(text: string): AnswerSpan | null {
  const block = /(?:^|\n)((?:[ \t]*\(?[a-h]\)[ \t]*[-−]?\d[\d.,/]*[ \t]*(?:\n|$)){2,})$/.exec(text);
  if (!block) return null;
  const values = [...block[1]!.matchAll(/\(?[a-h]\)[ \t]*([-−]?\d[\d.,/]*)/g)].map((match) => match[1]!);
  const at = block.index + block[0].indexOf(block[1]!);
  return { text: values.join(', '), offset: at, length: block[1]!.trimEnd().length, source: 'last-line' };
}

// Answers that are words, not values, in a last sentence: "there are no real solutions", "The domain is all real numbers."
const SPECIAL_ANSWER =
  /\b(?:no\s+(?:real\s+)?solutions?|infinitely\s+many\s+solutions|all\s+real\s+numbers|does\s+not\s+exist)\b|无实数解|无解|有无数个解|全体实数|不存在/gi;

function specialAnswer(text: string, base: number): AnswerSpan | null {
  // The last sentence, found by walking back from the end (a regex anchored at the end, as
  // this was, retries from every position of the window: a fifth of extraction's time).
  const from = Math.max(0, text.length - 300);
  let end = text.length;
  while (end > from && /[.!?。！？\s]/.test(text[end - 1]!)) end--;
  let start = end;
  while (start > from && !/[.!?。！？\n]/.test(text[start - 1]!)) start--;
  const sentence = text.slice(start);
  let found: RegExpExecArray | null = null;
  SPECIAL_ANSWER.lastIndex = 0;
  for (let match = SPECIAL_ANSWER.exec(sentence); match; match = SPECIAL_ANSWER.exec(sentence)) found = match;
  return found ? span(found[0], base + start + found.index, 'conclusion') : null;
}

/** "Final Answer: The number of ways is 42" — a lead-in followed by a whole sentence: the value it ends on. */
function sentenceValue(phrase: AnswerSpan): AnswerSpan | null {
  // "答：需要 3 辆车": Chinese words around one number
  const chineseSentence = /[\u4e00-\u9fff]{2}/.test(phrase.text) && /\d/.test(phrase.text) && !/[$\\]/.test(phrase.text);
  if (!chineseSentence && (!/^(?:[A-Za-z'’]+\s+){2,}/.test(phrase.text) || /^(?:the\s+)?(?:[a-z]+\s+)?[a-z]+$/i.test(phrase.text)))
    return null;
  const inner = concludingValue(phrase.text, 0);
  return inner ? { ...inner, offset: phrase.offset + inner.offset, source: phrase.source } : null;
}

function trailingChoice(text: string, base: number, multipleChoice: boolean): AnswerSpan | null {
  const tailStart = Math.max(0, text.length - 40);
  const match = /(?:^|[\s:：])([*_(（]*)([A-E])([)）*_]*)[.。]?\s*$/.exec(text.slice(tailStart));
  if (!match) return null;
  if (!multipleChoice && !match[1] && !match[3]) return null;
  const offset = tailStart + match.index + match[0].indexOf(match[2]!, match[1]!.length);
  return span(match[2]!, base + offset, 'choice');
}

const WHOLE_ANSWER_CHARS = 80;

function shortWholeAnswer(text: string, valueExpected: boolean): AnswerSpan | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > (valueExpected ? WHOLE_ANSWER_CHARS : 30) || trimmed.includes('\n')) return null;
  const value = trimmed
    .replace(/^\*+|\*+$/g, '')
    .replace(/[.。!！]$/, '')
    .trim();
  return span(value, text.indexOf(value), 'whole');
}
