// A refusal is an answer that declines instead of answering. "I'm sorry, but I
// can't help with that." is one; "As an AI I have no childhood, but here is a
// story: …" is a disclaimer before a full answer, and a character saying "I can't
// do that" in a story is dialogue. So a refusal phrase counts only near the start
// of the answer, outside quotes, and only when little else is said besides it.

// What a refusal declines to do; "I can't be certain, but …" is a hedge, not a refusal.
const VERB =
  '(?:help|assist|provide|comply|answer|fulfil+|support|create|write|generate|produce|engage|discuss|participate|give|share|offer|accommodate|continue|complete|process|do\\s+(?:that|this|so)|talk\\s+about|writing|creating|generating|providing|helping|sharing|discussing|giving|producing|engaging|answering)';
const CANNOT =
  "(?:(?:can(?:no|['’])t|cannot)\\s+and\\s+(?:will|shall)\\s+not|can(?:no|['’])t|cannot|won['’]t|will\\s+not|am\\s+unable\\s+to|am\\s+not\\s+able\\s+to|(?:must|have\\s+to)\\s+(?:respectfully\\s+)?decline\\s+to|(?:do\\s+not|don['’]t)\\s+feel\\s+comfortable)";
// "I'm sorry, but I can't." and "I'm afraid I can't do that." end without an object.
const CANNOT_END = `(?:\\s+${VERB}\\b|\\s*[.!]|\\s+do\\s+(?:that|this)\\b)`;

/** Declining the request itself. */
const DECLINE_PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b(?:I['’]m|I\\s+am)\\s+(?:sorry|afraid)\\b[^.!?\\n]{0,40}?\\bI\\s+${CANNOT}${CANNOT_END}`, 'i'),
  new RegExp(`\\b(?:Sorry|I\\s+apologi[sz]e|My\\s+apologies|Unfortunately)\\b[^.!?\\n]{0,30}?\\bI\\s+${CANNOT}${CANNOT_END}`, 'i'),
  new RegExp(`\\bI\\s+${CANNOT}\\s+${VERB}\\b`, 'i'),
  /\bI\s+(?:must|have\s+to)\s+(?:respectfully\s+)?(?:decline|refuse)\b/i,
  // declining in plain words: "I don't think I should …", "I'm going to pass on that", "I'd rather not"
  /\bI\s+(?:don['’]t|do\s+not)\s+think\s+I\s+(?:should|can|could)\s+(?:help|assist|write|create|do|provide|generate|make|give)\b/i,
  /\bI(?:['’]m|\s+am)\s+going\s+to\s+(?:have\s+to\s+)?(?:pass|sit\s+this\s+one\s+out)\b|\bI['’]ll\s+(?:have\s+to\s+)?pass\s+on\b|\bI['’]d\s+rather\s+not\s+(?:help|write|create|do|provide|generate|share)\b/i,
  /\bI\s+(?:shouldn['’]t|should\s+not)\s+(?:help|assist|write|create|provide|generate|give)\b/i,
  // the general shape: I + a negated modal + at most three words + a verb of doing the task
  /\bI(?:\s+(?:can|could|will|would|must|am\s+going\s+to|have\s+to|need\s+to)(?:n['’]t|\s+not)|\s+won['’]t|\s+cannot|['’]m\s+not|\s+am\s+not)(?:\s+\w+){0,3}?\s+(?:help(?:ing)?|assist(?:ing)?|provid(?:e|ing)|writ(?:e|ing)|creat(?:e|ing)|generat(?:e|ing)|shar(?:e|ing)|giv(?:e|ing)|offer(?:ing)?|produc(?:e|ing)|comply|engag(?:e|ing))\b/i,
  /\b(?:go(?:es)?|be|is)\s+against\s+my\s+(?:guidelines|principles|policies|programming|values|rules)\b/i,
  /\bI\s+(?:have\s+to|must|need\s+to)\s+say\s+no\b/i,
  new RegExp(`\\bI(?:['’]m|\\s+am)\\s+(?:not\\s+(?:able|going|allowed|permitted)|unable)\\s+to\\s+${VERB}\\b`, 'i'),
  new RegExp(`\\bI(?:['’]m|\\s+am)\\s+not\\s+comfortable\\s+(?:with\\s+)?(?:${VERB}|doing\\s+(?:that|this|so)|that|this)\\b`, 'i'),
  /\b(?:that(?:['’]s|\s+is)|this\s+(?:is|request\s+is)|it(?:['’]s|\s+is))\s+(?:beyond|outside(?:\s+of)?)\s+my\s+(?:current\s+)?(?:scope|capabilities|abilities)\b/i,
  /\blet['’]?s\s+talk\s+about\s+something\s+else\b/i,
  /\bI(?:['’]m|\s+am)\s+(?:just|only)\s+a\s+(?:language\s+model|text-based\s+AI|large\s+language\s+model)\b[^.!?\n]{0,60}?\b(?:can(?:no|['’])t|cannot|unable|don['’]t\s+have\s+the\s+capacity)\b/i,
  /(?:抱歉|对不起|很遗憾|不好意思)[，,！!。\s]*(?:我|但我|但是我)?(?:暂时)?(?:无法|不能|没办法|不便|不可以|恐怕无法)(?:为你|为您|帮你|帮您|向你|向您)?(?:提供|回答|协助|帮助|帮|满足|完成|参与|讨论|生成|创作|编写|处理|回应|作答|进行|做)/,
  /我(?:暂时)?(?:无法|不能|不便|不方便|不可以|没办法)(?:为你|为您|帮你|帮您|帮助你|帮助您|向你|向您)?(?:提供|回答|协助|帮助|满足|完成|参与|讨论|生成|创作|编写|处理|回应|作答)/,
  /这个问题我(?:暂时)?(?:无法|不能|没法|不方便|不便)(?:回答|作答)/,
  /\b(?:this|that|it)(?:['’]s|\s+is)\s*(?:not|n['’]t)\s+something\s+I\s+(?:can|could|am\s+able\s+to)\s+(?:help|assist)(?:\s+(?:you\s+)?with)?\b/i,
  /\b(?:this|that|it)\s+isn['’]t\s+something\s+I\s+(?:can|could|am\s+able\s+to)\s+(?:help|assist)(?:\s+(?:you\s+)?with)?\b/i,
  /(?:让我们|我们)?换个话题/,
  /我(?:可)?(?:帮不了|帮不上|做不到|无能为力|爱莫能助)|我不(?:会|能)(?:帮你|帮您|替你|替您)(?:做|写|完成|处理)?/,
  /我(?:不会|不能|无法|不可以|不便|不太方便|不方便)(?:为你|为您|向你|向您)?(?:提供|撰写|写|协助|生成|创作|参与|编写)(?:这|此|任何|相关)?(?:方面|类|种)?(?:的)?(?:帮助|内容|信息|方法)?/,
  /(?:这种|这类|这个|此类)(?:内容|请求|问题|要求)我(?:不太?方便|不能|无法|没法|必须拒绝|只能拒绝)/,
  /(?:必须|只能|不得不)拒绝/,
  /(?:不在|超出(?:了)?)我的(?:能力|服务|回答)?范围/,
  /我(?:还)?没(?:有)?学(?:会|习)(?:如何)?回答这个问题/,
  /作为(?:一个|一名)?(?:AI|人工智能)(?:语言模型|助手|模型)?[，,]?\s*我(?:无法|不能)(?:提供|回答|协助|帮助|满足|参与|讨论|生成|对此)/,
  /(?:无法|不能)对(?:此|这个问题|该问题)(?:进行)?(?:回答|作答|发表)/,
];

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

/*
 * A word every pattern above needs (tested once, before the patterns one by one): most
 * answers have none of them near the start, and checking nineteen patterns on each
 * was a sixth of feature extraction on short answers. Keep it in step with the patterns.
 */
const REFUSAL_CUE =
  /sorry|against\s+my|say\s+no|(?:n['’]t|not)\s|拒绝|范围|不会|不太方便|something\s+I\s+can|think\s+I\s+(?:should|can|could)|going\s+to\s+(?:have\s+to\s+)?(?:pass|sit)|pass\s+on|rather\s+not|shouldn['’]t|should\s+not|帮不|做不到|无能为力|爱莫能助|不会帮|不能帮|不会替|不能替|afraid|apologi|unfortunately|can['’]t|cannot|won['’]t|not\s|unable|decline|refuse|comfortable|beyond|outside|something\s+else|language\s+model|text-based|\bas\s+an?\s|don['’]t\s+have|抱歉|对不起|遗憾|不好意思|无法|不能|不便|不方便|不可以|没办法|没法|没有|换个话题|没(?:有)?学|作为|我不是/i;

const HEAD_CHARS = 300;
const SHORT_ANSWER_CHARS = 600;
/** Weighted characters of content (a Han character counts two) beyond which a refusal phrase was only a preface. */
const DECLINE_CONTENT_LIMIT = 500;
const DISCLAIMER_CONTENT_LIMIT = 160;
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

/** Whether, and how, the candidate refuses. */
export function findRefusal(candidate: { answer: string; finishReason: string | null; refusal?: string | null }): Refusal {
  if (typeof candidate.refusal === 'string' && candidate.refusal.trim() !== '') return { kind: 'server', text: candidate.refusal.trim() };
  if (candidate.finishReason === 'content_filter') return { kind: 'content_filter', text: '' };
  const phrase = matchRefusal(candidate.answer);
  return phrase ? { kind: 'phrase', text: phrase } : { kind: '', text: '' };
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
  if (!REFUSAL_CUE.test(window)) return null;
  const decline = firstUnquoted(window, DECLINE_PATTERNS);
  const disclaimer = decline ? null : firstUnquoted(window, DISCLAIMER_PATTERNS);
  const found = decline ?? disclaimer;
  if (!found) return null;
  const { content, hedged } = contentAfterRefusal(text, found.end);
  // "As an AI I have no feelings, but here is a poem:\n\n…": a disclaimer that goes on to deliver.
  if (!decline && content >= MIN_DELIVERED && DELIVERY.test(text.slice(found.end))) return null;
  // "As an AI I have no preferences, but I can compare them. Python …": the disclaimer turns to doing it.
  if (!decline && content >= MIN_DELIVERED && DISCLAIMER_THEN_DOES.test(text.slice(found.end, nextSentenceEnd(text, found.end))))
    return null;
  // "I can't answer definitively, but the evidence suggests …" goes on to answer: a hedge.
  const limit = decline && !hedged ? DECLINE_CONTENT_LIMIT : DISCLAIMER_CONTENT_LIMIT;
  return content < limit ? found : null;
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
  let corner = 0;
  for (let i = 0; i < before.length; i++) {
    const c = before.charCodeAt(i);
    if (c === 0x22) ascii++;
    // A single quote after a space opens a quotation; one after a letter is an apostrophe or closes one.
    else if (c === 0x27 || c === 0x2018 || c === 0x2019) single += i === 0 || before.charCodeAt(i - 1) <= 0x20 ? 1 : single > 0 ? -1 : 0;
    else if (c === 0x201c) curly++;
    else if (c === 0x201d) curly = Math.max(0, curly - 1);
    else if (c === 0x300c || c === 0x300e) corner++;
    else if (c === 0x300d || c === 0x300f) corner = Math.max(0, corner - 1);
  }
  if (ascii % 2 === 1 || single > 0 || curly > 0 || corner > 0) return true;
  if (SAYING_BEFORE.test(before.slice(-24))) return true;
  // "For example: I'm sorry, but I can't …": the whole sentence after the cue is the example.
  const sentenceStart = Math.max(before.search(/[^.!?。！？]*$/), 0);
  return SAYING_CUE.test(before.slice(sentenceStart));
}

const SAYING_CUE = /(?:\bsay|\bsaid|\breply|\brespond|\bwrite|\be\.g\.|\bfor\s+example|例如|比如|说|回复|写道)\s*[：:]/i;

/**
 * How much the answer says besides the refusal sentence and polite closers (Han
 * characters weigh two), and whether the refusal sentence itself turns ("…, but")
 * to something other than a closer.
 */
function contentAfterRefusal(text: string, refusalEnd: number): { content: number; hedged: boolean } {
  const sentenceEnd = nextSentenceEnd(text, refusalEnd);
  const tail = text.slice(refusalEnd, sentenceEnd);
  const pivot = PIVOT.exec(tail);
  const turn = pivot ? tail.slice(pivot.index + pivot[0].length) : '';
  const hedged = turn !== '' && !CLOSER.test(turn);
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
