import { francAll } from 'franc';
import { CharClass, scriptLanguage } from './char-class.js';
import type { ScriptRun, SegmentedText } from './segment-scripts.js';
import { FRANC_CODES, LATIN_LANGUAGES, type LatinLanguage } from './stopwords.js';

/** What one run of letters is, for the language of the text it is in. */
export const enum RunKind {
  /** A term, a name, a title, a quotation, a gloss, or too short to tell: counts for nothing. */
  Neutral = 0,
  /** Prose in the expected language (or one the question asks for). */
  Expected = 1,
  /** A word or two of another language inside a sentence of the expected one: always a slip. */
  Leak = 2,
  /** A clause or sentence of another language: a switch when long enough. */
  Clause = 3,
}

export interface RunVerdict {
  kind: RunKind;
  /** ISO 639-1, or 'Latin script' when the words are prose but their language is unclear. */
  language: string;
  units: number;
  /** A run that is expected prose with a slip in it: the expected prose's units, and where the slip starts. */
  expectedUnits?: number;
  slipStart?: number;
}

export interface JudgeContext {
  prose: string;
  segmented: SegmentedText;
  expected: string;
  /** The question's text: a Chinese phrase the answer repeats from it is a quotation. */
  question: string;
  /** The text before code was blanked, for the code evidence below. */
  original: string;
  /** Read only when a run needs them (most texts never do). */
  codeWords?: Set<string>;
  talksCode?: boolean;
}

export const UNSURE_LATIN = 'Latin script';

const NEUTRAL: RunVerdict = { kind: RunKind.Neutral, language: '', units: 0 };

// Below these sizes a run is a term, a name or a variable, not a switch of language.
const MIN_CLAUSE_WORDS = 4;
const MAX_GLOSS_WORDS = 8;
const MIN_HAN_CLAUSE = 4;
const MIN_HAN_SENTENCE = 8;
const MAX_HAN_GLOSS = 8;
const MIN_OTHER_SCRIPT_LETTERS = 4;
const MAX_KANA_GLOSS = 16;
// Japanese prose is a fifth hiragana or more; a Han run with a few kana at most is Chinese that slipped.
const MIN_JAPANESE_HIRAGANA_SHARE = 5;
const MAX_KANA_SLIP = 6;
// A word of another alphabet: three letters (и, в, на are too short to be sure of), two Hangul syllables.
const MIN_OTHER_SCRIPT_WORD = 3;
const MIN_HANGUL_WORD = 2;
const MAX_SLIP_WORDS = 2;
const MIN_THAI_CLAUSE = 12;
const MIN_LETTERS_FOR_FRANC = 40;
const MIN_WORDS_FOR_FRANC = 6;
const FRANC_MARGIN = 0.2;
const EN = LATIN_LANGUAGES.indexOf('en');

export function judgeRun(run: ScriptRun, index: number, context: JudgeContext): RunVerdict {
  const expectsLatin = context.expected !== 'zh';
  switch (run.script) {
    case CharClass.Latin:
      return expectsLatin ? judgeLatinAmongLatin(run, context) : judgeLatinInChinese(run, context);
    case CharClass.Han:
      return expectsLatin ? judgeHanInLatin(run, index, context) : { kind: RunKind.Expected, language: 'zh', units: run.letters };
    case CharClass.Greek:
      return NEUTRAL; // Greek letters in these texts are almost always mathematics.
    case CharClass.Kana:
      // Katakana alone is a name or a loanword (ジョン・スミス); Japanese prose has hiragana.
      // A short reading in brackets after a name (竈門炭治郎（かまど たんじろう）) is a gloss.
      if (run.hiragana < 2 || run.quoted || (run.bracketed && run.letters <= MAX_KANA_GLOSS)) return NEUTRAL;
      if (isGlossedAfter(index, context)) return NEUTRAL;
      // "所以答案是 12 です。": a Chinese sentence with a Japanese ending is Chinese prose with a slip, not Japanese.
      if (context.expected === 'zh' && run.kana <= MAX_KANA_SLIP && run.hiragana * MIN_JAPANESE_HIRAGANA_SHARE < run.letters)
        return { kind: RunKind.Leak, language: 'ja', units: 1, expectedUnits: run.letters - run.kana, slipStart: run.kanaStart };
      if (run.letters >= MIN_OTHER_SCRIPT_LETTERS) return { kind: RunKind.Clause, language: 'ja', units: run.letters };
      // "turns blue, つまり the copper …": a Japanese word inside a sentence of the expected language.
      return inSentenceOfExpected(run, context) ? { kind: RunKind.Leak, language: 'ja', units: 1 } : NEUTRAL;
    default:
      return isGlossedAfter(index, context) ? NEUTRAL : judgeOtherScript(run, context);
  }
}

/**
 * A title or a name followed by its translation in brackets, in the expected language:
 * "千と千尋の神隠し (Spirited Away)", "봄날 (Spring Day)". The gloss says it is named, not written in.
 */
function isGlossedAfter(index: number, context: JudgeContext): boolean {
  const run = context.segmented.runs[index]!;
  const next = context.segmented.runs[index + 1];
  if (!next?.bracketed || next.sentence !== run.sentence) return false;
  const expectedScript = context.expected === 'zh' ? CharClass.Han : CharClass.Latin;
  if (next.script !== expectedScript) return false;
  return GLOSS_OPENING.test(context.prose.slice(run.end, next.start));
}

const GLOSS_OPENING = /^[ \t]*[(（][ \t"“]*$/;

function inSentenceOfExpected(run: ScriptRun, context: JudgeContext): boolean {
  return context.expected === 'zh'
    ? context.segmented.sentenceHan[run.sentence]! > 0
    : context.segmented.sentenceLatinWords[run.sentence]! > 0;
}

/**
 * Cyrillic, Hangul, Thai, Arabic … in an English or Chinese text: a word of it inside
 * a sentence of the expected language is a slip ("并且постепенно增加", "run, 그리고 drink");
 * more words are a clause. Quoted or bracketed, it is a name or a gloss.
 */
function judgeOtherScript(run: ScriptRun, context: JudgeContext): RunVerdict {
  const language = scriptLanguage(run.script);
  const minLetters = run.script === CharClass.Hangul ? MIN_HANGUL_WORD : MIN_OTHER_SCRIPT_WORD;
  if (language === 'und' || run.letters < minLetters || run.quoted) return NEUTRAL;
  if (run.bracketed && run.words <= MAX_GLOSS_WORDS) return NEUTRAL;
  const units = run.script === CharClass.Thai ? run.letters : Math.max(1, run.words);
  const sentenceOfExpected = inSentenceOfExpected(run, context);
  const fewWords = run.script === CharClass.Thai ? run.letters < MIN_THAI_CLAUSE : run.words <= MAX_SLIP_WORDS;
  if (sentenceOfExpected && fewWords) return { kind: RunKind.Leak, language, units };
  return { kind: RunKind.Clause, language, units };
}

/**
 * Latin letters in Chinese prose are mostly terms, names, titles and code; an
 * English slip shows in its words: general vocabulary ("troublesome", "really",
 * "in a calm tone") rather than terms, in lowercase rather than title case.
 */
function judgeLatinInChinese(run: ScriptRun, context: JudgeContext): RunVerdict {
  if (run.words === 0 || run.quoted) return NEUTRAL;
  if (run.bracketed && run.words <= MAX_GLOSS_WORDS) return NEUTRAL;
  if (run.lowercaseContent === 0) {
    // Names, titles and acronyms; a lone "Wait，" or "Actually，" opening a clause is a slip all the same.
    return run.words === 1 && run.capitalizedGeneral === 1 && isFollowedByPause(context.prose, run.end) ? leak(run) : NEUTRAL;
  }
  // "for 循环", "if else 语句": keywords in a text about code; "finally得到结果" in a text about fractions is a slip.
  const keywords = run.codeKeywords > 0 && talksCode(context) ? run.codeKeywords : 0;
  if (keywords === run.words) return NEUTRAL;
  if (EXAMPLE_CUE.test(context.prose.slice(Math.max(0, run.start - 8), run.start))) return NEUTRAL; // "例句：Finding this café …"
  if (isCodeRun(run, context)) return NEUTRAL; // "let total = items.reduce(0) { … } 这一行代码…"
  const english = Math.max(run.generalWords, run.stopwordHits[EN]!);
  if (run.words >= MIN_CLAUSE_WORDS) {
    const language = latinLanguage(run, context, english);
    if (language !== '') return { kind: RunKind.Clause, language, units: run.words };
    return NEUTRAL;
  }
  const inChineseSentence = context.segmented.sentenceHan[run.sentence]! > 0;
  const slipWords = run.generalWords - (run.words === 1 ? keywords : 0);
  if (slipWords >= (inChineseSentence ? 1 : 2) && !namesCode(run, context)) return leak(run);
  // "然后 simplify 一下": whatever the word, a verb complement after it makes it the verb of a Chinese
  // clause. Outside code: "先 commit 一下" is how Chinese developers name the command.
  if (inChineseSentence && run.capitalizedWords === 0 && takesVerbComplement(context.prose, run.end) && !talksCode(context))
    return leak(run);
  return NEUTRAL;
}

/** 一下, 一遍, 一番 (optionally after 了) right after the run: the run is used as a verb. */
function takesVerbComplement(prose: string, end: number): boolean {
  let i = end;
  while (prose.charCodeAt(i) === 0x20) i++;
  if (prose.charCodeAt(i) === 0x4e86) i++; // 了
  if (prose.charCodeAt(i) !== 0x4e00) return false; // 一
  const next = prose.charCodeAt(i + 1);
  return next === 0x4e0b || next === 0x904d || next === 0x756a; // 下 遍 番
}

// Evidence that a text is about code: fences, backticks, calls, snake_case, operators, Chinese words for code.
const CODE_TALK = /```|`|代码|函数|循环|语句|变量|程序|编程|关键字|数组|脚本|[A-Za-z_]\w*\(|[A-Za-z]_[A-Za-z]|==|=>|\+=/;

function talksCode(context: JudgeContext): boolean {
  context.talksCode ??= CODE_TALK.test(context.original);
  return context.talksCode;
}

// A word the text uses as code somewhere: indexed or called (seen[…], num(…)), or an operand ("target - num").
const CODE_USE =
  /\b([A-Za-z_][A-Za-z0-9_]*)(?=\[|\(|\s[-+*/%]=?\s|\s?[=!<>]=|\s=\s)|(?<=\s[-+*/%]\s|[=!<>]=\s?|\s=\s)([A-Za-z_][A-Za-z0-9_]*)\b/g;
const WORD = /[A-Za-z]+/g;

/** Every word of the run is one the text also uses as an identifier ("检查 seen 里有没有 num"). */
function namesCode(run: ScriptRun, context: JudgeContext): boolean {
  if (!talksCode(context)) return false;
  context.codeWords ??= new Set([...context.original.matchAll(CODE_USE)].map((match) => (match[1] ?? match[2])!));
  const words = context.prose.slice(run.start, run.end).match(WORD) ?? [];
  return words.length > 0 && words.every((word) => word.length < 2 || context.codeWords!.has(word));
}

// Code left in the prose when a Chinese line holds it: a declaration assigned ("let total = …"),
// or a method called ("items.reduce(").
const DECLARATION = /^(?:let|var|const|val|func|def|fn|auto|int)\s+[A-Za-z_]\w*\s*(?::\s*\w+\s*)?=/;
const METHOD_BEFORE_CALL = /\b[A-Za-z_]\w*\.[A-Za-z_]\w*$/;

function isCodeRun(run: ScriptRun, context: JudgeContext): boolean {
  const text = context.prose.slice(run.start, run.end);
  return DECLARATION.test(text) || (context.prose.charCodeAt(run.end) === 0x28 && METHOD_BEFORE_CALL.test(text));
}

// An example sentence a Chinese explanation quotes: "例如：…", "例句：…", "比如：…".
const EXAMPLE_CUE = /(?:例如|比如|例句|譬如|举例|造句|e\.g\.)\s*[:：]\s*$/;

/** The next character after spaces is a comma or a sentence end: the word stands alone, as an interjection does. */
function isFollowedByPause(prose: string, end: number): boolean {
  let i = end;
  while (i < prose.length && prose.charCodeAt(i) === 0x20) i++;
  if (i >= prose.length) return true;
  return '，,、：:。.!！?？…'.includes(prose[i]!);
}

function leak(run: ScriptRun): RunVerdict {
  return { kind: RunKind.Leak, language: 'en', units: run.words };
}

/** The language of a Latin clause in Chinese text, '' when it is not prose at all. */
function latinLanguage(run: ScriptRun, context: JudgeContext, english: number): string {
  const [other, otherHits] = strongestOther(run);
  if (otherHits >= 2 && otherHits > 2 * run.stopwordHits[EN]! && otherHits > english) return other;
  if (english >= 2 || (english === 1 && otherHits === 0)) return 'en';
  if (run.words < MIN_WORDS_FOR_FRANC || run.letters < MIN_LETTERS_FOR_FRANC) return '';
  // English is by far the likeliest Latin language of a model's slip: franc must be sure of any other.
  const ranked = francAll(context.prose.slice(run.start, run.end), { only: FRANC_ONLY, minLength: 10 });
  const [top, second] = ranked;
  if (!top || top[0] === 'und') return UNSURE_LATIN;
  if (top[0] === 'eng') return 'en';
  return second === undefined || top[1] - second[1] >= FRANC_MARGIN ? (FRANC_CODES[top[0]] ?? UNSURE_LATIN) : UNSURE_LATIN;
}

/** Latin prose where Latin prose is expected: another language only on clear evidence. */
function judgeLatinAmongLatin(run: ScriptRun, context: JudgeContext): RunVerdict {
  if (run.words === 0) return NEUTRAL;
  const expected = { kind: RunKind.Expected, language: context.expected, units: run.words };
  if (run.quoted || run.words < MIN_CLAUSE_WORDS || run.lowercaseContent === 0) return expected;
  const expectedIndex = LATIN_LANGUAGES.indexOf(context.expected as LatinLanguage);
  const expectedHits = expectedIndex === EN ? Math.max(run.generalWords, run.stopwordHits[EN]!) : (run.stopwordHits[expectedIndex] ?? 0);
  const [other, otherHits] = strongestOther(run, expectedIndex);
  // "plus … plus" in an English sentence is not French: the other language must clearly outweigh.
  if (otherHits >= 2 && otherHits > 2 * expectedHits) return { kind: RunKind.Clause, language: other, units: run.words };
  if (expectedHits > 0 || run.words < MIN_WORDS_FOR_FRANC || run.letters < MIN_LETTERS_FOR_FRANC) return expected;
  // No function word at all in six words or more: franc decides, if it is sure.
  const ranked = francAll(context.prose.slice(run.start, run.end), { only: FRANC_ONLY, minLength: 10 });
  const [top] = ranked;
  if (!top || top[0] === 'und') return expected;
  const language = FRANC_CODES[top[0]] ?? '';
  if (language === '' || language === context.expected) return expected;
  const expectedScore = ranked.find(([code]) => FRANC_CODES[code] === context.expected)?.[1] ?? 0;
  return top[1] - expectedScore >= FRANC_MARGIN ? { kind: RunKind.Clause, language, units: run.words } : expected;
}

function strongestOther(run: ScriptRun, skip = EN): [string, number] {
  let best = '';
  let hits = 0;
  for (let l = 0; l < LATIN_LANGUAGES.length; l++) {
    if (l === skip || l === EN) continue;
    if (run.stopwordHits[l]! > hits) {
      hits = run.stopwordHits[l]!;
      best = LATIN_LANGUAGES[l]!;
    }
  }
  return [best, hits];
}

// The word before a Chinese word an English text talks about ("the character 气", "called 太极拳").
const CUE_BEFORE =
  /(?:character|characters|word|words|term|phrase|called|named|chinese|mandarin|pinyin|idiom|chengyu|radical|symbol|written|writes|spelled|reads|say|saying|says|name|title|means)\W{0,3}$/i;

/**
 * Han characters in English prose: glued to a Latin word ("still真 real"), inside
 * an English sentence with a function character ("I think 这个 is right"), or a
 * Chinese clause. A Chinese name or word the text talks about is not a slip.
 */
function judgeHanInLatin(run: ScriptRun, index: number, context: JudgeContext): RunVerdict {
  if (run.quoted) return NEUTRAL;
  const zh = (kind: RunKind): RunVerdict => ({ kind, language: 'zh', units: run.letters });
  if (run.gluedBefore || run.gluedAfter) return zh(RunKind.Leak);
  if (run.bracketed && run.letters <= MAX_HAN_GLOSS) return NEUTRAL;
  if (isGlossedAfter(index, context)) return NEUTRAL; // "静夜思 (Quiet Night Thought)"
  if (context.question !== '' && context.question.includes(context.prose.slice(run.start, run.end))) return NEUTRAL;
  const inEnglishSentence = context.segmented.sentenceLatinWords[run.sentence]! > 0;
  if (run.letters >= MIN_HAN_SENTENCE) return zh(RunKind.Clause);
  // "先求导：f'(x) = 2x - 4，令其等于零得 x = 2。": a Chinese sentence that formulas split into short runs.
  if (!inEnglishSentence && run.letters >= 2 && context.segmented.sentenceHan[run.sentence]! >= MIN_HAN_SENTENCE) return zh(RunKind.Clause);
  if (run.functionChars > 0) return zh(run.letters >= MIN_HAN_CLAUSE ? RunKind.Clause : RunKind.Leak);
  // "Let me reconsider. 或者 we could …": a Chinese connective opening an English sentence.
  if (inEnglishSentence && CONNECTIVES.has(context.prose.slice(run.start, run.end)) && isFollowedByEnglish(run, index, context))
    return zh(RunKind.Leak);
  if (
    inEnglishSentence &&
    isSandwiched(run, index, context) &&
    !CUE_BEFORE.test(context.prose.slice(Math.max(0, run.start - 16), run.start))
  ) {
    return zh(RunKind.Leak); // "the 关键 point is"
  }
  return NEUTRAL;
}

/** Words that join clauses: never the Chinese word an English sentence talks about. */
const CONNECTIVES = new Set(
  '或者 但是 所以 因为 然后 而且 不过 那么 其实 首先 其次 另外 因此 可是 如果 虽然 于是 接着 总之 比如 例如 对了 等等 好吧 嗯'.split(' '),
);

function isFollowedByEnglish(run: ScriptRun, index: number, context: JudgeContext): boolean {
  const after = context.segmented.runs[index + 1];
  return (
    after !== undefined &&
    after.script === CharClass.Latin &&
    after.sentence === run.sentence &&
    after.words >= 2 &&
    onlySpacesOrComma(context.prose, run.end, after.start)
  );
}

/** English words right before and after, with only spaces between (a comma allowed before). */
function isSandwiched(run: ScriptRun, index: number, context: JudgeContext): boolean {
  const runs = context.segmented.runs;
  const before = runs[index - 1];
  const after = runs[index + 1];
  if (!before || !after || before.script !== CharClass.Latin || after.script !== CharClass.Latin) return false;
  if (before.sentence !== run.sentence || after.sentence !== run.sentence || before.words === 0 || after.words === 0) return false;
  // ", 然后 divide by": a comma may close the English words before; after it, only spaces,
  // unless the word is set off by commas on both sides, as an interjection is ("Hmm, 等一下, that …").
  if (!onlySpacesOrComma(context.prose, before.end, run.start)) return false;
  return (
    onlySpaces(context.prose, run.end, after.start) ||
    (hasComma(context.prose, before.end, run.start) && onlySpacesOrComma(context.prose, run.end, after.start))
  );
}

function hasComma(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 0x2c || text.charCodeAt(i) === 0xff0c) return true;
  return false;
}

function onlySpacesOrComma(text: string, start: number, end: number): boolean {
  let commas = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || c === 0xff0c) commas++;
    else if (c !== 0x20) return false;
  }
  return commas <= 1;
}

function onlySpaces(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) !== 0x20) return false;
  return true;
}

const FRANC_ONLY = Object.keys(FRANC_CODES);
