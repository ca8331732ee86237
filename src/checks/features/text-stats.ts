import { CharClass, classifyCodeUnit } from '../language/char-class.js';

/** Sizes of one text, from one pass over its code units. */
export interface TextStats {
  /** Characters (code points). */
  chars: number;
  /** Estimated tokens of a modern BPE vocabulary (see estimateTokens below). */
  tokens: number;
  /** Characters of the longest paragraph (text between blank lines). */
  maxParagraphChars: number;
  paragraphs: number;
}

/*
 * Token counts are estimated, not tokenized: a real BPE tokenizer in JS
 * (gpt-tokenizer, o200k_base) runs at about 6 MB/s on varied text, which alone
 * would spend the whole 10 MB/s/core budget of feature extraction. Teachers use
 * different vocabularies anyway (DeepSeek, Qwen, GPT), so an estimate fitted to
 * o200k_base is as faithful as any single tokenizer would be. The weights below
 * were fitted against o200k_base counts; text-stats.test.ts holds recorded counts
 * and checks the estimate stays within 15 %.
 */
const TOKENS_PER_SHORT_WORD = 1;
const LETTERS_PER_EXTRA_TOKEN = 6;
const SHORT_WORD_LETTERS = 8;
const TOKENS_PER_HAN = 0.8;
const TOKENS_PER_KANA_OR_HANGUL = 0.9;
const DIGITS_PER_TOKEN = 3;
const TOKENS_PER_SYMBOL = 0.8;
const TOKENS_PER_OTHER_LETTER = 0.45;

export function measureText(text: string): TextStats {
  let chars = 0;
  let tokens = 0;
  let wordLetters = 0;
  let digitRun = 0;
  let paragraphs = 0;
  let paragraphChars = 0;
  let maxParagraphChars = 0;
  let newlines = 0;
  let spaces = 0;
  const length = text.length;

  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff) continue; // low surrogate: counted with its high half
    chars++;
    const cls = classifyCodeUnit(code);
    if (cls === CharClass.Latin || cls === CharClass.Cyrillic || cls === CharClass.Greek) {
      wordLetters++;
    } else if (wordLetters > 0) {
      tokens += wordTokens(wordLetters);
      wordLetters = 0;
    }
    if (cls === CharClass.Digit) {
      digitRun++;
    } else if (digitRun > 0) {
      tokens += Math.ceil(digitRun / DIGITS_PER_TOKEN);
      digitRun = 0;
    }
    if (code === 0x0a) {
      newlines++;
      if (newlines === 2 && paragraphChars > 0) {
        paragraphs++;
        if (paragraphChars > maxParagraphChars) maxParagraphChars = paragraphChars;
        paragraphChars = 0;
      }
      continue;
    }
    if (newlines > 0) {
      tokens += 1; // a newline run is about one token
      newlines = 0;
    }
    paragraphChars++;
    switch (cls) {
      case CharClass.Han:
        tokens += TOKENS_PER_HAN;
        break;
      case CharClass.Kana:
      case CharClass.Hangul:
        tokens += TOKENS_PER_KANA_OR_HANGUL;
        break;
      case CharClass.Space:
        spaces++;
        // Single spaces merge into the next word's token; runs (indentation) cost one.
        if (spaces === 2) tokens += 1;
        continue;
      case CharClass.Terminator:
      case CharClass.Neutral:
      case CharClass.Quote:
        tokens += TOKENS_PER_SYMBOL;
        break;
      case CharClass.Arabic:
      case CharClass.Hebrew:
      case CharClass.Thai:
      case CharClass.Devanagari:
      case CharClass.Other:
        tokens += TOKENS_PER_OTHER_LETTER;
        break;
      default:
        break;
    }
    spaces = 0;
  }
  if (wordLetters > 0) tokens += wordTokens(wordLetters);
  if (digitRun > 0) tokens += Math.ceil(digitRun / DIGITS_PER_TOKEN);
  if (paragraphChars > 0) {
    paragraphs++;
    if (paragraphChars > maxParagraphChars) maxParagraphChars = paragraphChars;
  }
  return { chars, tokens: Math.round(tokens), maxParagraphChars, paragraphs };
}

function wordTokens(letters: number): number {
  if (letters <= SHORT_WORD_LETTERS) return TOKENS_PER_SHORT_WORD;
  return TOKENS_PER_SHORT_WORD + Math.ceil((letters - SHORT_WORD_LETTERS) / LETTERS_PER_EXTRA_TOKEN);
}
