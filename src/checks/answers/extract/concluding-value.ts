import { readChineseNumber } from '../chinese-numerals.js';
import { COMPOUND_DURATION_SOURCE } from '../compound-durations.js';
import { span, type AnswerSpan } from './answer-span.js';
import { endingNumber, TIMES_TEN, VULGAR_FRACTION } from './ending-number.js';
import { emphasisedValue, endingTuple, PLAIN_NUMBER, plainList, plainRelations, soleNumber, wordsValue } from './plain-values.js';
import { hasUnbalancedBrace } from './read-answer-value.js';

// The last sentence, when it concludes: "…, so the probability … is 3/28.", "Thus, Maria needs **18** more tiles."
const CONCLUSION_CUE =
  /\b(?:is|are|was|were|es|est|ist|equals?|be|gives?|get|gets|got|totals?|needs?|has|have|sold|costs?|makes?|takes?|earns?|reaches?|pays?|paid|spends?|spent|saves?|saved|weighs?|holds?|(?:works?|comes?|amounts?)\s+(?:out\s+)?to|beträgt|lautet|ergibt|sind|vaut|sont|son|sono|são)\b|(?<![A-Za-zÀ-ÿ])[éè](?![A-Za-zÀ-ÿ])|(?<![а-яё])(?:равн[аоы]?|составляет)(?![а-яё])|=|\\approx|为|是|得|共|故|则|即/gi;
const SENTENCE_BREAK = /[.!?](?=\s)|[。！？]|\n/g;

export function concludingValue(text: string, base: number): AnswerSpan | null {
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
  // "x = 7, which is correct": the remark after the value is not where the value is, nor is the
  // reason given for it ("… is x = 9, since 3(9) - 7 = 27 - 7 = 20").
  const remark = TRAILING_REMARK.exec(sentence);
  if (remark) sentence = sentence.slice(0, remark.index);
  const reason = REASON_AFTER_VALUE.exec(sentence);
  if (reason && /\d|\$/.test(sentence.slice(0, reason.index))) sentence = sentence.slice(0, reason.index);
  if (sentence.length > 400) return null;
  const cueEnds: number[] = [];
  CONCLUSION_CUE.lastIndex = 0;
  for (let match = CONCLUSION_CUE.exec(sentence); match; match = CONCLUSION_CUE.exec(sentence)) {
    if (!insideMath(sentence, match.index)) cueEnds.push(match.index + match[0].length);
  }
  // No lead-in word: the math the last sentence ends on is its value ("Solving, $(p,q) = (3,2)$."),
  // or the number it ends on after a concluding word ("Therefore, the car travels 250 miles.")
  // or, in Chinese, before a measure word ("他一年能存下 12,000 元。").
  // Else its one bold span ("So the meeting falls on a **Tuesday**."), a tuple it ends on, or the one
  // number of a sentence that opens as a conclusion ("So 8 friends can share the pizza.").
  if (cueEnds.length === 0)
    return (
      plainRelations(sentence, base + sentenceStart) ??
      joinedMath(sentence, base + sentenceStart) ??
      endingMath(sentence, base + sentenceStart) ??
      emphasisedValue(sentence, base + sentenceStart) ??
      endingTuple(sentence, base + sentenceStart) ??
      endingNumber(sentence, base + sentenceStart) ??
      soleNumber(sentence, base + sentenceStart) ??
      hedgedNumber(sentence, base + sentenceStart)
    );
  const roots =
    namedRoots(sentence, base + sentenceStart) ??
    rootExpressions(sentence, base + sentenceStart) ??
    plainRelations(sentence, base + sentenceStart);
  if (roots) return roots;
  const last = cueEnds[cueEnds.length - 1]!;
  // nothing after the last cue ("… is left", "… are no real solutions"): the sentence's only math or its ending number
  const found =
    valueAfterCue(sentence.slice(last), base + sentenceStart + last, true) ??
    onlyMath(sentence, base + sentenceStart) ??
    emphasisedValue(sentence, base + sentenceStart) ??
    endingNumber(sentence, base + sentenceStart) ??
    soleNumber(sentence, base + sentenceStart);
  if (found) return found;
  // "There are 12 ways in total": the last cue was a noun; the value opens what follows the cue before it
  for (let i = cueEnds.length - 2; i >= Math.max(0, cueEnds.length - 3); i--) {
    const value = valueAfterCue(sentence.slice(cueEnds[i]), base + sentenceStart + cueEnds[i]!, false);
    if (value) return value;
  }
  return hedgedNumber(sentence, base + sentenceStart);
}

// the value after the cue, as prose types it: "250", "3:2", "12 000", "6.02 × 10^23", "2 hours and 30 minutes", "37.5%"
const PLAIN_VALUE = new RegExp(
  String.raw`^\s*(?:about\s+|approximately\s+|only\s+|exactly\s+|around\s+|roughly\s+)?(${COMPOUND_DURATION_SOURCE}|\d*${VULGAR_FRACTION}|(?:\d+\s*:\s*\d+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,])|[-−]?\d[\d.,/]*)(?:e[-+]?\d+\b|${TIMES_TEN})?(?:\s+(?:thousand|million|billion|trillion)\b)?(?:\s*(?:%|°|percent\b|[A-Za-z]+(?:\^\d)?(?=\s*$)))?)`,
  'i',
);

/**
 * The math span that holds the value after the cue: the first, unless it only names the variable
 * another span then gives ("… holds for all $x$ in $[1, 4)$", "… for $n$ equal to $12$").
 */
function valueMath(rest: string): RegExpExecArray | null {
  const spans = /\$([^$]+)\$|\\\((.+?)\\\)|\*\*([^*]+)\*\*/g;
  const first = spans.exec(rest);
  if (!first || !/^\s*[a-zA-Z](?:_\{?\w+\}?)?\s*$/.test((first[1] ?? first[2] ?? first[3])!)) return first;
  return spans.exec(rest) ?? first;
}

const HAN_COUNT = '[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?';
// "共有二十四种排列方式": a count in Chinese numerals before its measure word, a few words of noun after
const CHINESE_COUNT = new RegExp(
  `^\\s*[\u4e00-\u9fff]{0,4}?(?<![零〇一二两三四五六七八九十百千万亿点])(${HAN_COUNT})(?!分之)\\s*[种个次条天年人本只元块张支名位辆件道棵头米岁分秒周颗盒瓶克升倍组][\u4e00-\u9fff]{0,6}$`,
);

function chineseCount(rest: string, base: number): AnswerSpan | null {
  const count = CHINESE_COUNT.exec(rest);
  if (!count || readChineseNumber(count[1]!) === null) return null;
  return span(count[1]!, base + count.index + count[0].indexOf(count[1]!), 'conclusion');
}

// "About 37.5% of the students passed.": a sentence that opens on a hedged quantity states it
const HEDGED_OPENING = new RegExp(
  String.raw`^\s*(?:\*\*)?(?:(?:so|thus|therefore|hence|overall|altogether|in\s+total)\s*,?\s+)?(?:about|approximately|roughly|nearly|around|almost|exactly|only|just)\s+(?:\*\*)?(?:\\?\$\s?)?(${PLAIN_NUMBER}(?:\s*%|\s+percent\b)?)`,
  'i',
);

function hedgedNumber(sentence: string, base: number): AnswerSpan | null {
  const hedged = HEDGED_OPENING.exec(sentence);
  return hedged ? span(hedged[1]!, base + hedged.index + hedged[0].lastIndexOf(hedged[1]!), 'conclusion') : null;
}

/**
 * The value after a cue, to the end of the sentence. Before the last cue only a value that opens
 * the rest counts: math, a list, a plain number (not a value the later words hold).
 */
function valueAfterCue(rest: string, restAt: number, lastCue: boolean): AnswerSpan | null {
  if (!lastCue) {
    const opening = /^\s*(?:\$([^$]+)\$|\*\*([^*]+)\*\*)/.exec(rest) ?? PLAIN_VALUE.exec(rest);
    const value = opening && (opening[1] ?? opening[2])!;
    return value && !hasUnbalancedBrace(value) ? span(value, restAt + opening.index + opening[0].indexOf(value), 'conclusion') : null;
  }
  const joined = joinedMath(rest, restAt) ?? plainList(rest, restAt) ?? endingTuple(rest, restAt);
  if (joined) return joined;
  const math = valueMath(rest);
  if (math && !hasUnbalancedBrace((math[1] ?? math[2] ?? math[3])!)) {
    const value = (math[1] ?? math[2] ?? math[3])!;
    return span(value, restAt + math.index + math[0].indexOf(value), 'conclusion');
  }
  // math typed as plain text to the end of the sentence: "x = -1 + sqrt(3)", "… is pi/3 radians"
  const typed = PLAIN_MATH.exec(rest);
  if (typed && /sqrt|pi|π|[-+*/^×]\s*\S/.test(typed[1]!.replace(/^\s*[-−]/, '')))
    return span(typed[1]!, restAt + typed[0].indexOf(typed[1]!), 'conclusion');
  // "3 to 2" is the ratio 3:2
  const ratio = /^\s*(\d+)\s+to\s+(\d+)\s*$/.exec(rest);
  if (ratio)
    return {
      text: `${ratio[1]}:${ratio[2]}`,
      offset: restAt + ratio[0].indexOf(ratio[1]!),
      length: ratio[0].trim().length,
      source: 'conclusion',
    };
  const plain = PLAIN_VALUE.exec(rest);
  if (plain) return span(plain[1]!, restAt + plain[0].indexOf(plain[1]!), 'conclusion');
  const words = wordsValue(rest, restAt);
  if (words) return words;
  // "速度是每小时120千米": a few characters of measure before the number, a unit after it
  const chinese = /^\s*[\u4e00-\u9fff]{0,4}?\s*([-−]?\d[\d.,/]*)\s*[\u4e00-\u9fff]{0,3}$/.exec(rest);
  if (chinese) return span(chinese[1]!, restAt + chinese[0].indexOf(chinese[1]!), 'conclusion');
  const counted = chineseCount(rest, restAt);
  if (counted) return counted;
  return null;
}

// A last sentence that checks the answer rather than stating it: it opens as a check does.
const VERIFICATION =
  /^\s*(?:\*\*)?(?:check(?:ing)?\b|verif(?:y|ying|ication)\b|substituting\s+(?:back|it|this|these|x|y|n)\b|plugging\s+(?:back|it|this|in)\b|let['’]s\s+(?:check|verify|double[-\s]check)\b|to\s+(?:check|verify)\b|double[-\s]checking\b|sanity\s+check\b|验证|检验|经检验|代入检验|代回|检查一下)/i;
const TRAILING_REMARK =
  /[,，]\s*(?:which\s+(?:is\s+(?:correct|true|consistent|reasonable|positive|an?\s+(?:integer|whole\s+number))|checks\s+out|satisfies|matches|makes\s+sense|agrees)|as\s+(?:expected|required)|符合题意|满足条件|满足题意|符合要求)[^,，]*$/i;

// ", since 3(9) - 7 = 20", ", because …", "; indeed …": the reason after a value, not a value
const REASON_AFTER_VALUE = /[,;—]\s*(?:since|because|as|given\s+that|for|indeed|which\s+gives)\b|[，；]\s*(?:因为|由于)/i;

// numbered (x₁, x_2) or not ("x = 3 or x = −2"): the same unknown each time
const NAMED_ROOT = /([a-zA-Z])(?:[₀-₉]+|_?\{?\d+\}?)?\s*=\s*([-−]?\d+(?:[./]\d+)?)/g;

/** "解得 x₁ = 2，x₂ = 3", "x_1 = 2 and x_2 = 3", "x = 3 or x = −2": the values of one unknown, ending the sentence. */
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

// "x = 1 + √2 or x = 1 − √2": the same unknown given two or more values that are expressions
const ROOT_START = /(?<![\w\\])([a-zA-Z])\s*=\s*/g;

/** The values of one unknown stated as "x = … or x = …" (plain text, not numbers only), ending the sentence. */
function rootExpressions(sentence: string, base: number): AnswerSpan | null {
  if (sentence.includes('$')) return null;
  const starts = [...sentence.matchAll(ROOT_START)];
  if (starts.length < 2) return null;
  const name = starts[starts.length - 1]![1];
  const same = starts.filter((match) => match[1] === name);
  if (same.length < 2) return null;
  const values: string[] = [];
  for (let i = 0; i < same.length; i++) {
    const from = same[i]!.index + same[i]![0].length;
    const to = i + 1 < same.length ? same[i + 1]!.index : sentence.length;
    let value = sentence.slice(from, to);
    if (i + 1 < same.length) {
      const joint = /\s*(?:,\s*(?:or|and)?|\bor\b|\band\b|或|和|，)\s*$/.exec(value);
      if (!joint) return null;
      value = value.slice(0, joint.index);
    }
    value = value.replace(/[\s.。]+$/, '');
    if (value === '' || value.length > 40 || /[=;；]|[A-Za-z]{3,}/.test(value.replace(/sqrt|pi/g, ''))) return null;
    values.push(value);
  }
  const first = same[0]!;
  return { text: values.join(', '), offset: base + first.index, length: sentence.length - first.index, source: 'conclusion' };
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
