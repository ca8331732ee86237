/** A final answer found in a text: what it says and where it is (for the reviewer's highlight). */
export interface AnswerSpan {
  /** The answer as written, without its box or lead-in ("\frac{1}{2}", "x = 2, y = 5"). */
  text: string;
  /** Where the answer is in the text it was found in (UTF-16 offsets); -1 when none was found. */
  offset: number;
  length: number;
  /** Which rule found it. */
  source: AnswerSource;
}

export type AnswerSource =
  'boxed' | 'tag' | 'final-answer' | 'answer-phrase' | 'gsm8k' | 'last-line' | 'conclusion' | 'choice' | 'whole' | 'none';

export const NO_ANSWER: AnswerSpan = { text: '', offset: -1, length: 0, source: 'none' };

/** A span of `text` found at `offset`, its text trimmed. */
export function span(text: string, offset: number, source: AnswerSpan['source']): AnswerSpan {
  return { text: text.trim(), offset, length: text.length, source };
}
