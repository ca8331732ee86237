import { readChoice } from '../answer-choice.js';
import type { AnswerSource, AnswerSpan } from './answer-span.js';
import { readValue, type ValueSpan } from './read-answer-value.js';

interface Phrase {
  pattern: RegExp;
  source: AnswerSource;
  /** The value must be a choice letter ("故选 C"; "选" alone is too common a character). */
  letterOnly?: boolean;
  /** Tried only on a text this finds a word of (a cheap test before a costly pattern). */
  gate?: RegExp;
}

/**
 * Lead-ins of a final answer, strongest tier first. Within a tier the last one in
 * the text wins (a model that corrects itself ends on its final word).
 */
const TIERS: readonly (readonly Phrase[])[] = [
  [
    // Minerva's "Final Answer: The final answer is $X$. I hope it is correct.", "**Final Answer**" headings, "最终答案："
    {
      pattern:
        /final\s+answer(?:\s*(?:is|:|：|\*\*\s*:|:\s*\*\*)|\**\s*(?=\n)|\s+(?=\$|\\\[|\\\())\s*(?:[:：]\s*)?(?:the\s+final\s+answer\s+is\b\s*:?)?/gi,
      source: 'final-answer',
    },
    { pattern: /最终答案\s*(?:是|为|应为|\*\*)?\s*[:：]?/g, source: 'final-answer' },
  ],
  [
    {
      pattern:
        /\b(?:the\s+)?(?:(?:correct\s+|right\s+|best\s+)?(?:answer|option|choice)|(?:correct|right|best)\s+one)\s+(?:is|would\s+be|should\s+be|must\s+be)\b\s*:?/gi,
      source: 'answer-phrase',
    },
    {
      // "Answer: 9", "**Answer:** 9", "Answer" on its own line, "Answer \[ 9 \]"
      // not "Longer answer:" or "Detailed answer:", which lead into the explanation after a short answer
      pattern:
        /(?<!\b(?:long|longer|detailed|full|complete|extended)\s+)\banswer\s*(?:\*\*)?\s*[:：]|^\s*(?:\*\*|#+\s*)?answer\s*(?:\*\*)?\s*$|^\s*answer\s+(?=\\\[|\$\$)/gim,
      source: 'answer-phrase',
    },
    // a summary put before the working: "TL;DR: 3/8", "**Bottom line:** 150 km"
    { pattern: /\b(?:TL;?\s?DR|bottom\s+line)\s*(?:\*\*)?\s*[:：,—–-]/gi, source: 'answer-phrase' },
    {
      // the same lead-ins in the other languages teachers answer in: "答えは 9 です", "정답은 4", "la respuesta es 12",
      // "la réponse est 3/4", "Die Antwort ist 42", "Antwort: 42", "Ответ: 16", "a resposta é 5", "la risposta è 5"
      pattern:
        /(?:答え|正解)\s*(?:は|：|:)|(?:정답|답)\s*(?:은|는|[:：])|\b(?:respuesta|réponse|resposta|risposta)(?:\s+(?:final|finale|correcta|correcte|correta|corretta))?\s*(?:es\b|est\b|é|è|[:：])|\b(?:Antwort|Ergebnis)\s*(?:\*\*)?\s*(?:ist\b|lautet\b|[:：])|(?<!\p{L})ответ\s*(?:\*\*)?\s*(?:[:：—–-]|\s+(?:равен|будет))/giu,
      source: 'answer-phrase',
      gate: /答え|正解|정답|답|respuesta|réponse|resposta|risposta|antwort|ergebnis|ответ/i,
    },
    { pattern: /(?:正确)?答案\s*(?:\*\*)?\s*(?:是|为|应为|应该是|[:：])|(?:^|\n)\s*\**答案\**\s*(?=\n)/g, source: 'answer-phrase' },
    // the 答： line that closes a Chinese word problem ("答：需要 3 辆车。"), at a line's start only (not 回答：)
    { pattern: /(?:^|\n)\s*(?:\*\*)?答\s*(?:\*\*)?\s*[:：]/g, source: 'answer-phrase' },
    {
      pattern: /正确(?:的)?选项\s*(?:是|为)|(?:故|所以|因此|综上所述?[，,]?\s*|应|答案)选\s*[:：]?|选项\s*(?:为|是)?(?=\s*[A-E])/g,
      source: 'choice',
      letterOnly: true,
    },
    { pattern: /\b(?:option|choice)\s+(?=\(?[A-E]\)?\s+is\s+(?:the\s+)?(?:correct|right|best)\b)/gi, source: 'choice', letterOnly: true },
    {
      // "I'd go with C", "I would choose (B)", "I'll pick option D"
      pattern:
        /\bI(?:['’]d|['’]ll|\s+would|\s+will)?\s+(?:go\s+with|choose|pick|select)\s+(?:option\s+|choice\s+|answer\s+)?(?=\(?[A-E]\)?(?![\w]))/gi,
      source: 'choice',
      letterOnly: true,
      gate: /go\s+with|choose|pick|select/i,
    },
  ],
  [{ pattern: /^####\s*/gm, source: 'gsm8k' }],
];

const LEAD_WORDS =
  /answer|option|choice|go\s+with|choose|pick|select|答|选|####|tl;?\s?dr|bottom\s+line|정답|답|respuesta|réponse|resposta|risposta|antwort|ergebnis|ответ/i;

/** The last lead-in of the strongest tier that has one, with the value after it. */
export function findAnswerPhrase(text: string, base: number): AnswerSpan | null {
  // every lead-in has one of these words: most texts without one are skipped at once
  if (!LEAD_WORDS.test(text)) return null;
  for (const tier of TIERS) {
    let best: ValueSpan | null = null;
    let bestAt = -1;
    let bestSource: AnswerSource = 'none';
    for (const phrase of tier) {
      if (phrase.gate && !phrase.gate.test(text)) continue;
      phrase.pattern.lastIndex = 0;
      for (let match = phrase.pattern.exec(text); match; match = phrase.pattern.exec(text)) {
        if (match[0].length === 0) phrase.pattern.lastIndex++;
        if (match.index < bestAt) continue;
        const value = readValue(text, match.index + match[0].length);
        if (!value || (phrase.letterOnly && !isLetterValue(value.text))) continue;
        best = phrase.letterOnly ? letterSpan(value) : value;
        bestAt = match.index;
        bestSource = phrase.source;
      }
    }
    if (best) return { text: best.text, offset: base + best.start, length: best.end - best.start, source: bestSource };
  }
  return null;
}

function isLetterValue(text: string): boolean {
  const choice = readChoice(text.replace(/^[:：\s]+/, ''));
  return choice !== null && choice.marked;
}

/** "C。" and "C 项": only the letter. */
function letterSpan(value: ValueSpan): ValueSpan {
  const letter = readChoice(value.text.replace(/^[:：\s]+/, ''))!.letter;
  const at = Math.max(0, value.text.toUpperCase().search(new RegExp(`(?<![A-Za-z])${letter}(?![A-Za-z])`)));
  return { start: value.start + at, end: value.start + at + 1, text: letter };
}
