import { readQuestion } from '../question-hints.js';
import { NO_ANSWER, type AnswerSpan } from './answer-span.js';
import { findAnswerPhrase } from './answer-phrases.js';
import { finalBoxes } from './boxed-answers.js';
import { hasUnbalancedBrace } from './read-answer-value.js';

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
  const boxed = finalBoxes(answer);
  if (boxed) return boxed;
  const start = Math.max(0, answer.length - TAIL);
  const tail = withoutClosers(answer.slice(start));
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
  // The fallbacks read a value out of ordinary prose: only where a value is asked for
  // (an explanation's last sentence is not a final answer to compare with its siblings').
  const valueExpected = !question || readQuestion(question).quantitative || MATH_MARKUP.test(tail);
  return (
    (valueExpected ? (lastLineValue(tail, start) ?? concludingValue(tail, start)) : null) ??
    specialAnswer(tail, start) ??
    trailingChoice(tail, start, question) ??
    shortWholeAnswer(answer, valueExpected) ??
    NO_ANSWER
  );
}

/** The reference's own final answer: its box, its "####", its "The answer is", else the whole reference. */
export function extractReferenceAnswer(reference: string): string {
  const trimmed = reference.trim();
  if (trimmed.length <= 40 && !/answer|答案|####|\\boxed|\\fbox/i.test(trimmed)) return trimmed;
  const found = extractFinalAnswer(trimmed);
  return found.source === 'none' || found.source === 'whole' || found.source === 'conclusion' ? trimmed : found.text;
}

// Sentences that close a reply without saying anything about the answer ("I hope this helps!").
const CLOSER_SENTENCE =
  /(?:^|\n|(?<=[.!?。！？])\s*)(?:\*\*)?(?:I\s+hope\s+(?:this|that|it)\s+helps|(?:Let\s+me\s+know|Feel\s+free\s+to\s+ask)\b|If\s+you\s+have\s+(?:any\s+)?(?:other|more|further)\s+questions|Hope\s+(?:this|that)\s+helps|Happy\s+(?:studying|learning|to\s+help)|希望(?:这)?(?:对你|对您|能)(?:有所)?帮助|如果(?:你|您)?还有(?:其他|别的|任何)?(?:问题|疑问))[^\n]{0,160}$/i;

/** The tail without the polite closing sentences after the answer. */
function withoutClosers(tail: string): string {
  let text = tail.trimEnd();
  for (let guard = 0; guard < 3; guard++) {
    // closers are short: only the end is searched, which keeps this linear in the answer's length
    const from = Math.max(0, text.length - 400);
    const closer = CLOSER_SENTENCE.exec(text.slice(from));
    if (!closer || from + closer.index === 0) return text;
    text = text.slice(0, from + closer.index).trimEnd();
  }
  return text;
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

// The last sentence, when it concludes: "…, so the probability … is 3/28.", "Thus, Maria needs **18** more tiles."
const CONCLUSION_CUE =
  /\b(?:is|are|was|were|es|est|ist|equals?|be|gives?|get|gets|got|totals?|needs?|has|have|sold|costs?|makes?|takes?|earns?|reaches?|pays?|paid|spends?|spent|saves?|saved|weighs?|holds?)\b|=|\\approx|为|是|得|共|故|则|即/gi;
const SENTENCE_BREAK = /[.!?](?=\s)|[。！？]|\n/g;

function concludingValue(text: string, base: number): AnswerSpan | null {
  const windowStart = Math.max(0, text.length - 500);
  base += windowStart;
  let end = text.length;
  while (end > windowStart && /[\s.!?。！？]/.test(text[end - 1]!)) end--;
  const trimmed = text.slice(windowStart, end);
  let sentenceStart = 0;
  let previousStart = -1;
  SENTENCE_BREAK.lastIndex = 0;
  for (let match = SENTENCE_BREAK.exec(trimmed); match; match = SENTENCE_BREAK.exec(trimmed)) {
    previousStart = sentenceStart;
    sentenceStart = match.index + 1;
  }
  let sentence = trimmed.slice(sentenceStart);
  // "x = 7. Substituting back, 2(7) + 1 = 15, which checks out.": a last sentence that only
  // verifies the value; the answer is what the sentence before it concluded.
  if (previousStart >= 0 && VERIFICATION.test(sentence)) {
    sentence = trimmed.slice(previousStart, sentenceStart).replace(/[\s.!?。！？]+$/, '');
    sentenceStart = previousStart;
  }
  // "x = 7, which is correct": the remark after the value is not where the value is.
  const remark = TRAILING_REMARK.exec(sentence);
  if (remark) sentence = sentence.slice(0, remark.index);
  if (sentence.length > 400) return null;
  let cueEnd = -1;
  CONCLUSION_CUE.lastIndex = 0;
  for (let match = CONCLUSION_CUE.exec(sentence); match; match = CONCLUSION_CUE.exec(sentence)) {
    if (!insideMath(sentence, match.index)) cueEnd = match.index + match[0].length;
  }
  // No lead-in word: the math the last sentence ends on is its value ("Solving, $(p,q) = (3,2)$."),
  // or the number it ends on after a concluding word ("Therefore, the car travels 250 miles.")
  // or, in Chinese, before a measure word ("他一年能存下 12,000 元。").
  if (cueEnd < 0)
    return (
      joinedMath(sentence, base + sentenceStart) ??
      endingMath(sentence, base + sentenceStart) ??
      endingNumber(sentence, base + sentenceStart)
    );
  const roots = namedRoots(sentence, base + sentenceStart);
  if (roots) return roots;
  const rest = sentence.slice(cueEnd);
  const joined = joinedMath(rest, base + sentenceStart + cueEnd);
  if (joined) return joined;
  const math = /\$([^$]+)\$|\\\((.+?)\\\)|\*\*([^*]+)\*\*/.exec(rest);
  if (math && !hasUnbalancedBrace((math[1] ?? math[2] ?? math[3])!)) {
    const value = (math[1] ?? math[2] ?? math[3])!;
    return span(value, base + sentenceStart + cueEnd + math.index + math[0].indexOf(value), 'conclusion');
  }
  // math typed as plain text to the end of the sentence: "x = -1 + sqrt(3)", "… is pi/3 radians"
  const typed = PLAIN_MATH.exec(rest);
  if (typed && /sqrt|pi|π|[-+*/^×]\s*\S/.test(typed[1]!.replace(/^\s*[-−]/, '')))
    return span(typed[1]!, base + sentenceStart + cueEnd + typed[0].indexOf(typed[1]!), 'conclusion');
  // "3 to 2" is the ratio 3:2
  const ratio = /^\s*(\d+)\s+to\s+(\d+)\s*$/.exec(rest);
  if (ratio)
    return {
      text: `${ratio[1]}:${ratio[2]}`,
      offset: base + sentenceStart + cueEnd + ratio[0].indexOf(ratio[1]!),
      length: ratio[0].trim().length,
      source: 'conclusion',
    };
  const plain =
    /^\s*(?:about\s+|approximately\s+|only\s+|exactly\s+|around\s+|roughly\s+)?([-−]?\d[\d.,/]*(?:e[-+]?\d+\b)?(?:\s+(?:thousand|million|billion|trillion)\b)?(?:\s*(?:%|percent\b|[A-Za-z]+(?:\^\d)?(?=\s*$)))?)/.exec(
      rest,
    );
  if (plain) return span(plain[1]!, base + sentenceStart + cueEnd + plain[0].indexOf(plain[1]!), 'conclusion');
  // "速度是每小时120千米": a few characters of measure before the number, a unit after it
  const chinese = /^\s*[\u4e00-\u9fff]{0,4}?\s*([-−]?\d[\d.,/]*)\s*[\u4e00-\u9fff]{0,3}$/.exec(rest);
  if (chinese) return span(chinese[1]!, base + sentenceStart + cueEnd + chinese[0].indexOf(chinese[1]!), 'conclusion');
  // nothing after the last cue ("… is left", "… are no real solutions"): the sentence's only math or its ending number
  return onlyMath(sentence, base + sentenceStart) ?? endingNumber(sentence, base + sentenceStart);
}

// A last sentence that checks the answer rather than stating it: it opens as a check does.
const VERIFICATION =
  /^\s*(?:\*\*)?(?:check(?:ing)?\b|verif(?:y|ying|ication)\b|substituting\s+(?:back|it|this|these|x|y|n)\b|plugging\s+(?:back|it|this|in)\b|let['’]s\s+(?:check|verify|double[-\s]check)\b|to\s+(?:check|verify)\b|double[-\s]checking\b|sanity\s+check\b|验证|检验|经检验|代入检验|代回|检查一下)/i;
const TRAILING_REMARK =
  /[,，]\s*(?:which\s+(?:is\s+(?:correct|true|consistent|reasonable|positive|an?\s+(?:integer|whole\s+number))|checks\s+out|satisfies|matches|makes\s+sense|agrees)|as\s+(?:expected|required)|符合题意|满足条件|满足题意|符合要求)[^,，]*$/i;

const NUMBER_WORD = String.raw`(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)`;
// "$1.5 million", "−7 degrees", "3:45 PM", "16.67%", "1.2e-4", "twenty percent": a value and up to two words after it
const ENDING_NUMBER = new RegExp(
  String.raw`(?<![\w.])(?:\\?\$\s*)?((?:[-−]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?(?:\s+(?:thousand|million|billion|trillion))?|\d{1,2}:\d{2})(?:\s*%|\s+percent\b)?|${NUMBER_WORD}\s+percent\b)(?:\s+[A-Za-z.]+){0,2}\s*$`,
  'i',
);
const HAN_NUMERAL = '[零〇一二两三四五六七八九十百千万亿]';
// "五分之三", "百分之二十五" ending a Chinese sentence
const ENDING_CHINESE_NUMERAL = new RegExp(
  `(${HAN_NUMERAL}+分之${HAN_NUMERAL}+|百分之${HAN_NUMERAL}+(?:点${HAN_NUMERAL}+)?)[\u4e00-\u9fff]{0,2}$`,
);

/**
 * The number a last sentence ends on, with at most two unit words after it
 * ("The temperature dropped to −7 degrees."), or in Chinese before a measure word of
 * up to three Han characters ("他一年能存下 12,000 元。"), or a number in Chinese words.
 */
function endingNumber(sentence: string, base: number): AnswerSpan | null {
  const english = ENDING_NUMBER.exec(sentence);
  if (english) {
    const at = base + english.index + english[0].indexOf(english[1]!);
    // "minus 4 degrees" is -4
    const minus = /\b(?:minus|negative)\s+$/i.test(sentence.slice(0, english.index)) && /^\d/.test(english[1]!);
    return minus
      ? { text: `-${english[1]!.trim()}`, offset: at, length: english[1]!.length, source: 'conclusion' }
      : span(english[1]!, at, 'conclusion');
  }
  const chinese = /([-−]?\d[\d,]*(?:\.\d+)?)\s*[\u4e00-\u9fff]{1,3}$/.exec(sentence);
  if (chinese && /[\u4e00-\u9fff]/.test(sentence.slice(0, chinese.index))) return span(chinese[1]!, base + chinese.index, 'conclusion');
  const numeral = ENDING_CHINESE_NUMERAL.exec(sentence);
  if (numeral) return span(numeral[1]!, base + numeral.index, 'conclusion');
  return null;
}

// Answers that are words, not values, in a last sentence: "there are no real solutions", "The domain is all real numbers."
const SPECIAL_ANSWER =
  /\b(?:no\s+(?:real\s+)?solutions?|infinitely\s+many\s+solutions|all\s+real\s+numbers|does\s+not\s+exist)\b|无实数解|无解|有无数个解|全体实数|不存在/gi;

function specialAnswer(text: string, base: number): AnswerSpan | null {
  const from = Math.max(0, text.length - 300);
  const last = text.slice(from).search(/[^.!?。！？\n]*[.!?。！？\s]*$/);
  const sentence = text.slice(from + last);
  let found: RegExpExecArray | null = null;
  SPECIAL_ANSWER.lastIndex = 0;
  for (let match = SPECIAL_ANSWER.exec(sentence); match; match = SPECIAL_ANSWER.exec(sentence)) found = match;
  return found ? span(found[0], base + from + last + found.index, 'conclusion') : null;
}

const NAMED_ROOT = /([a-zA-Z])(?:[₀-₉]+|_?\{?\d+\}?)\s*=\s*([-−]?\d+(?:\.\d+)?)/g;

/** "解得 x₁ = 2，x₂ = 3", "x_1 = 2 and x_2 = 3": the values of one unknown, numbered, ending the sentence. */
function namedRoots(sentence: string, base: number): AnswerSpan | null {
  const found = [...sentence.matchAll(NAMED_ROOT)];
  if (found.length < 2 || found.some((match) => match[1] !== found[0]![1])) return null;
  const first = found[0]!;
  const last = found[found.length - 1]!;
  if (!/^[\s.。]*$/.test(sentence.slice(last.index + last[0].length))) return null;
  for (let i = 1; i < found.length; i++) {
    const between = sentence.slice(found[i - 1]!.index + found[i - 1]![0].length, found[i]!.index);
    if (!/^\s*(?:[,，、;；]|and|or|或|和)?\s*$/.test(between)) return null;
  }
  return {
    text: found.map((match) => match[2]).join(', '),
    offset: base + first.index,
    length: last.index + last[0].length - first.index,
    source: 'conclusion',
  };
}

/** The only math span of a sentence ("So $\frac{3}{4}$ of the pizza is left."). */
function onlyMath(sentence: string, base: number): AnswerSpan | null {
  const spans = [...sentence.matchAll(/\$([^$]+)\$|\\\((.+?)\\\)/g)];
  if (spans.length !== 1) return null;
  const match = spans[0]!;
  const value = (match[1] ?? match[2])!;
  return hasUnbalancedBrace(value) ? null : span(value, base + match.index + match[0].indexOf(value), 'conclusion');
}

/**
 * Two or more math spans joined by "or", "and" or commas, ending the sentence: one
 * answer of several parts ("$x \le -1$ or $x \ge 2$", "$(x, y) = (1, 2)$ and $(2, 1)$").
 */
function joinedMath(rest: string, base: number): AnswerSpan | null {
  const all = /((?:\$[^$]+\$|\\\(.+?\\\))(?:\s*(?:,\s*(?:and|or)?|and|or|或者?|和|以及|、|，)\s*(?:\$[^$]+\$|\\\(.+?\\\)))+)\s*$/.exec(
    rest,
  );
  if (!all) return null;
  const parts: string[] = [];
  let separator = ', ';
  for (const part of all[1]!.matchAll(/\$([^$]+)\$|\\\((.+?)\\\)|(\bor\b)|(或)/g)) {
    if (part[3] || part[4]) separator = ' \\text{ or } ';
    else parts.push((part[1] ?? part[2])!.trim());
  }
  if (parts.some(hasUnbalancedBrace)) return null;
  // "(x, y) = (1, 2)" names the first of several values: keep each value
  const values = parts.map((part) => /^\(?[a-z](?:\s*,\s*[a-z])*\)?\s*=\s*(.+)$/i.exec(part)?.[1] ?? part);
  const text = separator === ', ' ? values.join(', ') : parts.join(separator);
  return { text, offset: base + all.index + all[0].indexOf(all[1]!), length: all[1]!.length, source: 'conclusion' };
}

/** The $…$ or \(…\) a sentence ends on, when nothing but punctuation follows it. */
function endingMath(sentence: string, base: number): AnswerSpan | null {
  const math = /(?:\$([^$]+)\$|\\\((.+?)\\\))[\s.。]*$/.exec(sentence);
  if (!math) return null;
  const value = (math[1] ?? math[2])!;
  if (hasUnbalancedBrace(value)) return null;
  return span(value, base + math.index + math[0].indexOf(value), 'conclusion');
}

const PLAIN_TERM = String.raw`(?:\d[\d.,]*|sqrt\s*\([^()\n]{1,20}\)|pi\b|π|\([^()\n]{1,20}\))`;
// the whole rest of the sentence, a unit word allowed at its end
const PLAIN_MATH = new RegExp(
  String.raw`^\s*([-−]?\s*${PLAIN_TERM}(?:\s*[-+−*/^×·]\s*${PLAIN_TERM})*)(?:\s+(?:radians?|degrees?|units?|square\s+units|cm|m|km|kg|g|s))?\s*$`,
);

/** Whether `at` is inside a $…$ span of the sentence (an "=" within the math is not a lead-in). */
function insideMath(sentence: string, at: number): boolean {
  let dollars = 0;
  for (let i = 0; i < at; i++) if (sentence[i] === '$' && sentence[i - 1] !== '\\') dollars++;
  return dollars % 2 === 1;
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

function trailingChoice(text: string, base: number, question: string | undefined): AnswerSpan | null {
  const multipleChoice = readQuestion(question).options.size > 0;
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

function span(text: string, offset: number, source: AnswerSpan['source']): AnswerSpan {
  return { text: text.trim(), offset, length: text.length, source };
}
