// A refusal is an answer that declines instead of answering. "I'm sorry, but I
// can't help with that." is one; "As an AI I have no childhood, but here is a
// story: …" is a disclaimer before a full answer, and a character saying "I can't
// do that" in a story is dialogue. So a refusal phrase counts only near the start
// of the answer, outside quotes, and only when little else is said besides it.

import { DECLINE_CUE, DECLINE_PATTERNS, declinePatternsFor, REACH_DECLINE } from './refusal-clause.js';

/** About what the model is, not about the request: a refusal only when nothing follows. */
const DISCLAIMER_PATTERNS: readonly RegExp[] = [
  /\bAs\s+an?\s+(?:AI|artificial\s+intelligence|language\s+model|large\s+language\s+model|AI\s+(?:language\s+)?model|AI\s+assistant)\b/i,
  /\bI\s+(?:don['’]t|do\s+not)\s+have\s+(?:personal|my\s+own|real|any\s+personal)\s+(?:experiences?|feelings|opinions|emotions|memories|preferences|beliefs|life|childhood)\b/i,
  /\bI(?:['’]m| am)\s+not\s+(?:a\s+(?:doctor|lawyer|medical\s+professional|licensed|financial\s+advisor|therapist)|able\s+to\s+(?:feel|experience))\b/i,
  /作为(?:一个|一名)?(?:AI|人工智能)(?:语言模型|助手|模型)?/,
  /我(?:无法|不能|没有)(?:拥有|体验|感受)(?:自己的|个人的|真正的)?(?:经历|情感|感情|感受|身体|记忆|童年|观点)/,
  /我不是(?:医生|律师|专业的?医生|心理医生|专业人士)/,
];

/** Sentences that close a refusal without answering anything. */
const CLOSER =
  /(?:\bif\s+you\s+have\s+(?:any\s+)?(?:other|another|more)\b|\bis\s+there\s+(?:anything|something)\s+else\b|\bcan\s+I\s+help\s+(?:you\s+)?with\s+(?:something|anything)\s+else\b|\bI['’]d\s+be\s+(?:happy|glad)\s+to\s+help\b|\blet\s+me\s+know\s+if\b|\bfeel\s+free\s+to\s+ask\b|\bsomething\s+else\b|如果(?:你|您)?(?:有|还有)(?:其他|其它|别的)|(?:其他|其它|别的)(?:问题|话题)|乐意(?:为你|为您)?(?:提供)?帮助|尽力帮)/i;

// Before a refusal phrase, these make it something the answer quotes or suggests saying.
const SAYING_BEFORE =
  /(?:\bsay|\bsaid|\breply|\brespond|\bwrite|\btell\s+(?:them|him|her)|\be\.g\.|\bfor\s+example|\bsuch\s+as|\blike|例如|比如|说|回复|回答|写道)\s*[：:,，]?\s*(?:I['’]m\s+|I\s+am\s+)?$/i;

/** A word every disclaimer pattern needs, beside the decline patterns' own (see DECLINE_CUE). */
const DISCLAIMER_CUE = /\bas\s+an?\s|don['’]t\s+have|do\s+not\s+have|not\s|作为|我(?:无法|不能|没有)|我不是/i;

const HEAD_CHARS = 300;
const SHORT_ANSWER_CHARS = 600;
/** Weighted characters of content (a Han character counts two) beyond which a refusal phrase was only a preface. */
const DECLINE_CONTENT_LIMIT = 500;
/** A decline that turns ("…, but I can …"): a redirect is short, an answer is not. */
const HEDGED_CONTENT_LIMIT = 160;
/**
 * A disclaimer about the model declines nothing itself ("作为AI，我不能品尝食物，但从配方来看…"):
 * what follows it is the answer as soon as it is more than a closing line.
 */
const DISCLAIMER_CONTENT_LIMIT = 80;
/** A colon closing a line and something on the lines after it: a poem, a list, a story delivered. */
const DELIVERY = /[:：][ \t]*\n\s*\S/;
const MIN_DELIVERED = 30;

/** How a refusal showed: the answer's own words, the server's refusal field, or its content filter. */
export type RefusalKind = '' | 'phrase' | 'server' | 'content_filter';
export const REFUSAL_KINDS: readonly RefusalKind[] = ['', 'phrase', 'server', 'content_filter'];

export interface Refusal {
  kind: RefusalKind;
  /** The phrase the answer refuses with, or the server's refusal message ('' for the content filter). */
  text: string;
}

/**
 * Whether, and how, the candidate refuses. `question`: a question asking to translate a refusal
 * ("Translate into English: 对不起，我不能帮你做这件事。") is answered by the refusal's translation.
 */
export function findRefusal(candidate: { answer: string; finishReason: string | null; refusal?: string | null }, question = ''): Refusal {
  if (typeof candidate.refusal === 'string' && candidate.refusal.trim() !== '') return { kind: 'server', text: candidate.refusal.trim() };
  if (candidate.finishReason === 'content_filter') return { kind: 'content_filter', text: '' };
  const phrase = matchRefusal(candidate.answer);
  if (phrase === '' || asksToTranslateARefusal(question)) return { kind: '', text: '' };
  return { kind: 'phrase', text: phrase };
}

const TRANSLATE_CUE = /\btranslat|\bhow\s+(?:do|would|can)\s+(?:I|you)\s+say\b|翻译|翻譯|译成|譯成|译为|怎么说|\btradu[cz]|übersetz|翻訳/i;

/** The question asks for the translation of words that decline something themselves. */
function asksToTranslateARefusal(question: string): boolean {
  if (question === '' || !TRANSLATE_CUE.test(question) || !DECLINE_CUE.test(question)) return false;
  return DECLINE_PATTERNS.some((pattern) => pattern.test(question));
}

/** The refusal phrase the answer declines with, or ''. */
export function matchRefusal(answer: string): string {
  const span = findRefusalSpan(answer);
  return span ? answer.slice(span.start, span.end) : '';
}

/** Where the refusal phrase is in the answer (for highlighting), or null. */
export function findRefusalSpan(answer: string): { start: number; end: number } | null {
  const text = answer.trimEnd();
  if (text === '') return null;
  const window = text.length <= SHORT_ANSWER_CHARS ? text : text.slice(0, HEAD_CHARS);
  if (!DECLINE_CUE.test(window) && !DISCLAIMER_CUE.test(window)) return null;
  const decline = withApology(window, firstUnquoted(window, declinePatternsFor(window)));
  const disclaimer = decline ? null : firstUnquoted(window, DISCLAIMER_PATTERNS);
  const found = decline ?? disclaimer;
  if (!found) return null;
  // "我不是医生，以下建议仅供参考：…": a disclaimer's own sentence goes on with the answer, so the rest of it counts.
  const { content, hedged } = contentAfterRefusal(text, found.end, !decline);
  // "As an AI I have no feelings, but here is a poem:\n\n…": a disclaimer that goes on to deliver.
  // "I won't write all of it, but here is the core loop:\n\n…" delivers too, after its turn.
  if ((!decline || hedged) && content >= MIN_DELIVERED && DELIVERY.test(text.slice(found.end))) return null;
  // "As an AI I have no preferences, but I can compare them. Python …": the disclaimer turns to doing it.
  if (!decline && content >= MIN_DELIVERED && DISCLAIMER_THEN_DOES.test(text.slice(found.end, nextSentenceEnd(text, found.end))))
    return null;
  // "I can't answer definitively, but the evidence suggests …" goes on to answer: a hedge.
  // "I can't give an exact figure, … but the 2012 survey measured 21,196 km": declining to be exact is a hedge on precision.
  if (decline && content >= MIN_DELIVERED && PRECISION_HEDGE.test(text.slice(found.start, nextSentenceEnd(text, found.end)))) return null;
  // "I can't access real-time data, but as of 2023 …": a limit of reach that turns to answering is a caveat.
  if (decline && hedged && content >= MIN_DELIVERED && REACH_DECLINE.test(text.slice(found.start, found.end))) return null;
  const limit = decline ? (hedged ? HEDGED_CONTENT_LIMIT : DECLINE_CONTENT_LIMIT) : DISCLAIMER_CONTENT_LIMIT;
  return content < limit ? found : null;
}

/** The apology the refusal opens with ("I'm sorry, but …", "Unfortunately, …") is part of its span. */
const APOLOGY_BEFORE =
  /(?:\b(?:I['’]m|I\s+am)\s+(?:so\s+|really\s+|very\s+|truly\s+)?(?:sorry|afraid)|\bSorry|\bI\s+apologi[sz]e|\bMy\s+apologies|\bUnfortunately)\b[^.!?\n]{0,40}$/i;

function withApology(text: string, found: { start: number; end: number } | null): { start: number; end: number } | null {
  if (!found) return null;
  const apology = APOLOGY_BEFORE.exec(text.slice(Math.max(0, found.start - 80), found.start));
  return apology ? { start: found.start - (Math.min(80, found.start) - apology.index), end: found.end } : found;
}

function firstUnquoted(text: string, patterns: readonly RegExp[]): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null;
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    if (isQuoted(text, match.index)) continue;
    if (!best || match.index < best.start) best = { start: match.index, end: match.index + match[0].length };
  }
  return best;
}

/** Inside quotation marks of its paragraph, or after "say:" — dialogue or an example, not the answer's voice. */
function isQuoted(text: string, index: number): boolean {
  const paragraphStart = Math.max(text.lastIndexOf('\n', index - 1) + 1, 0);
  const before = text.slice(paragraphStart, index);
  let ascii = 0;
  let single = 0;
  let curly = 0;
  // 「」『』 and « » (French, and translations into it) open and close alike.
  let corner = 0;
  for (let i = 0; i < before.length; i++) {
    const c = before.charCodeAt(i);
    if (c === 0x22) ascii++;
    // A single quote after a space opens a quotation; one after a letter is an apostrophe or closes one.
    else if (c === 0x27 || c === 0x2018 || c === 0x2019) single += i === 0 || before.charCodeAt(i - 1) <= 0x20 ? 1 : single > 0 ? -1 : 0;
    else if (c === 0x201c) curly++;
    else if (c === 0x201d) curly = Math.max(0, curly - 1);
    else if (c === 0x300c || c === 0x300e || c === 0xab) corner++;
    else if (c === 0x300d || c === 0x300f || c === 0xbb) corner = Math.max(0, corner - 1);
  }
  if (ascii % 2 === 1 || single > 0 || curly > 0 || corner > 0) return true;
  if (SAYING_BEFORE.test(before.slice(-24))) return true;
  // "For example: I'm sorry, but I can't …": the whole sentence after the cue is the example.
  const sentenceStart = Math.max(before.search(/[^.!?。！？]*$/), 0);
  return SAYING_CUE.test(before.slice(sentenceStart)) || SAYING_SENTENCE.test(before.slice(sentenceStart));
}

// "You can say 不好意思，我帮不了你 (…)": the sentence offers the words to say, it does not say them.
const SAYING_SENTENCE =
  /\b(?:you\s+(?:can|could|might|may)\s+(?:say|reply|respond|write|answer|use)|try\s+(?:saying|something\s+like)|(?:would|might)\s+say)\b|(?:你|您)可以(?:说|回复|回答|这样说)/i;

const SAYING_CUE = /(?:\bsay|\bsaid|\breply|\brespond|\bwrite|\be\.g\.|\bfor\s+example|例如|比如|说|回复|写道)\s*[：:]/i;

/**
 * How much the answer says besides the refusal sentence (or, with `countTail`, only the
 * refusal's own words) and polite closers (Han characters weigh two), and whether the refusal sentence itself turns ("…, but")
 * to something other than a closer.
 */
function contentAfterRefusal(text: string, refusalEnd: number, countTail: boolean): { content: number; hedged: boolean } {
  const sentenceEnd = nextSentenceEnd(text, refusalEnd);
  const tail = text.slice(refusalEnd, sentenceEnd);
  if (countTail && !CLOSER.test(tail)) {
    let content = weighSentence(tail);
    for (const sentence of text.slice(sentenceEnd).split(/(?<=[.!?。！？\n])/))
      if (!CLOSER.test(sentence)) content += weighSentence(sentence);
    return { content, hedged: false };
  }
  const pivot = PIVOT.exec(tail);
  const turn = pivot ? tail.slice(pivot.index + pivot[0].length) : '';
  // The turn may open the next sentence instead: "I can't say exactly. But the survey found …".
  const next = text.slice(sentenceEnd, nextSentenceEnd(text, sentenceEnd)).trimStart();
  const hedged = (turn !== '' && !CLOSER.test(turn)) || (LEADING_PIVOT.test(next) && !CLOSER.test(next));
  let content = hedged ? weighSentence(turn) : 0;
  for (const sentence of text.slice(sentenceEnd).split(/(?<=[.!?。！？\n])/)) {
    if (CLOSER.test(sentence)) continue;
    content += weighSentence(sentence);
  }
  return { content, hedged };
}

/** A disclaimer's turn to the task: "…, but I can compare them", "…，但我可以给你讲讲". */
const DISCLAIMER_THEN_DOES =
  /\b(?:but|however)\b[,\s]*(?:I\s+(?:can|will|could)\b|I['’]ll\b|here\s+(?:is|are)\b|let\s+me\b)|(?:但是?|不过)[，,\s]*(?:我(?:可以|能|会|来)|以下是|下面是)/i;

const PIVOT = /\b(?:but|however|though|although)\b|但是|但|不过|然而/i;
const LEADING_PIVOT = /^(?:(?:but|however|that\s+said|still)\b|但是|但|不过|然而)/i;

/** Words that aim a decline at exactness, not at the task: "I can't give an exact number". */
const PRECISION_HEDGE =
  // …or at the form of the answer: "I can't answer that in one word, because it depends".
  /\b(?:exact(?:ly)?|precise(?:ly)?|definitive(?:ly)?|for\s+(?:certain|sure)|with\s+certainty|in\s+(?:one|a\s+single|a)\s+(?:word|sentence|line)|(?:with\s+)?(?:a\s+)?(?:simple\s+)?yes\s+or\s+no|simply|briefly|in\s+short)\b|一句话|简单地|簡單地|精确|精確|确切|確切|准确|準確|绝对|絕對/i;

function nextSentenceEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x3002 || c === 0xff01 || c === 0xff1f) return i + 1;
    if ((c === 0x2e || c === 0x21 || c === 0x3f) && (i + 1 === text.length || text.charCodeAt(i + 1) <= 0x20)) return i + 1;
  }
  return text.length;
}

function weighSentence(sentence: string): number {
  let weight = 0;
  for (let i = 0; i < sentence.length; i++) {
    const c = sentence.charCodeAt(i);
    if (c <= 0x20) continue;
    weight += c >= 0x4e00 && c <= 0x9fff ? 2 : 1;
  }
  return weight;
}
