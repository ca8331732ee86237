/** What a question says about the form of its answer. */
export interface QuestionHints {
  /** "What percent …", "as a percentage", "百分之": 62.5 and 0.625 answer it alike. */
  asksPercent: boolean;
  /** Decimal places asked for ("nearest hundredth" → 2, "nearest ten" → −1), or null. */
  roundingPlaces: number | null;
  /** Multiple-choice options by letter ("C" → "29"), empty when the question has none. */
  options: ReadonlyMap<string, string>;
  /** The question asks for a value ("how many", "find", "calculate", "求", "多少"), not for an explanation. */
  quantitative: boolean;
  /** The question asks yes or no ("Is it possible …?", "Can 2023 be written …?"): a Yes/No opening the last sentence answers it. */
  yesNo: boolean;
  /** The question asks for a word of a closed set ("On which day of the week …?", "哪个月"), or null. */
  answerClass: AnswerClass | null;
}

export type AnswerClass = 'weekday' | 'month' | 'direction';

export const NO_HINTS: QuestionHints = {
  asksPercent: false,
  roundingPlaces: null,
  options: new Map(),
  quantitative: false,
  yesNo: false,
  answerClass: null,
};

const PLACE_WORDS: Record<string, number> = {
  tenth: 1,
  hundredth: 2,
  thousandth: 3,
  'ten-thousandth': 4,
  'ten thousandth': 4,
  'whole number': 0,
  integer: 0,
  unit: 0,
  whole: 0,
  cent: 2,
  penny: 2,
  dollar: 0,
  percent: 0,
  degree: 0,
  ten: -1,
  hundred: -2,
  thousand: -3,
};
const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5 };
const ZH_PLACES: Record<string, number> = { 个位: 0, 十分位: 1, 百分位: 2, 千分位: 3, 万分位: 4 };

const QUANTITATIVE =
  /\bhow\s+(?:many|much|far|long|fast|old|often)\b|\bwhat\s+(?:is|was|are|were)\s+the\s+(?:value|number|probability|sum|product|area|volume|length|perimeter|ratio|percentage|remainder|total|cost|price|speed|distance|time|maximum|minimum|largest|smallest)\b|\b(?:calculate|compute|evaluate|find|solve|determine|simplify|estimate|round|express)\b|\$|\\frac|多少|几[个次种条天年]|求|计算|等于|是多少|解方程/i;

// a question sentence that opens on an auxiliary verb and is not a choice between named things ("… or …?")
const YES_NO_QUESTION =
  /(?:^|[.!?:]\s+|\n\s*)(?:is|are|was|were|does|do|did|can|could|will|would|has|have|had|should|must|may)\s+[^.?!\n]{1,200}\?/i;

const CLASS_QUESTIONS: [RegExp, AnswerClass][] = [
  [/\b(?:which|what)\s+day(?:\s+of\s+the\s+week)?\b|\bday\s+of\s+the\s+week\b|星期几|周几|礼拜几/i, 'weekday'],
  [/\b(?:which|what|in\s+which)\s+month\b|哪个月|几月/i, 'month'],
  [/\b(?:which|what)\s+direction\b|哪个方向|什么方向/i, 'direction'],
];

function answerClass(question: string): AnswerClass | null {
  for (const [pattern, name] of CLASS_QUESTIONS) if (pattern.test(question)) return name;
  return null;
}

const cache = new Map<string, QuestionHints>();

export function readQuestion(question: string | undefined): QuestionHints {
  if (!question) return NO_HINTS;
  let hints = cache.get(question);
  if (!hints) {
    hints = {
      asksPercent: /\bpercent(?:age)?s?\b|\bpct\b|%|百分/i.test(question),
      roundingPlaces: roundingPlaces(question),
      options: readOptions(question),
      quantitative: QUANTITATIVE.test(question),
      yesNo: YES_NO_QUESTION.test(question),
      answerClass: answerClass(question),
    };
    if (cache.size > 2000) cache.clear();
    cache.set(question, hints);
  }
  return hints;
}

function roundingPlaces(question: string): number | null {
  const nearest =
    /nearest\s+(ten[- ]thousandth|tenth|hundredth|thousandth|whole number|whole|integer|unit|cent|penny|dollar|percent|degree|ten|hundred|thousand)\b/i.exec(
      question,
    );
  if (nearest) return PLACE_WORDS[nearest[1]!.toLowerCase()] ?? null;
  const places = /\b(\d|one|two|three|four|five)\s+decimal\s+(?:places?|digits?)/i.exec(question);
  if (places) return Number(places[1]) || NUMBER_WORDS[places[1]!.toLowerCase()] || null;
  const keep = /保留\s*([一两二三四五\d])\s*位小数/.exec(question);
  if (keep) return Number(keep[1]) || NUMBER_WORDS[keep[1]!] || null;
  const precise = /精确到\s*(0\.0*1|个位|十分位|百分位|千分位|万分位)/.exec(question);
  if (precise) return ZH_PLACES[precise[1]!] ?? precise[1]!.length - 2;
  return null;
}

/** "A. 21" lines, "(A) 20 cm" lines or inline "(A) 5 (B) 6". */
export function readOptions(question: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const match of question.matchAll(/^\s*[(（]?([A-E])[)）.:：、]\s*(.+?)\s*$/gm)) options.set(match[1]!, match[2]!);
  if (options.size < 2) {
    options.clear();
    for (const match of question.matchAll(/[(（]([A-E])[)）]\s*([^()（）\n]+?)\s*(?=[(（][A-E][)）]|$|\n)/g))
      options.set(match[1]!, match[2]!);
  }
  return options.size >= 2 && options.has('A') && options.has('B') ? options : new Map<string, string>();
}
