/** What is wrong with the chat template of a candidate, or '' when nothing is. */
export type FormatProblem = '' | 'empty_answer' | 'unclosed_think' | 'stray_close_think' | 'think_in_answer';

const OPEN_THINK = /<think>/gi;
const CLOSE_THINK = /<\/think>/gi;

/**
 * The llm layer moves the trace out of `<think>…</think>`; tags left in the text
 * mean it could not: an opening tag never closed (the answer was cut off inside
 * its reasoning), a closing tag without an opening one, or a whole think block
 * inside the answer.
 */
export function findFormatProblem(reasoning: string, answer: string): FormatProblem {
  const opens = countMatches(reasoning, OPEN_THINK) + countMatches(answer, OPEN_THINK);
  const closes = countMatches(reasoning, CLOSE_THINK) + countMatches(answer, CLOSE_THINK);
  if (opens > closes) return 'unclosed_think';
  if (closes > opens) return 'stray_close_think';
  if (opens > 0 && countMatches(answer, OPEN_THINK) > 0) return 'think_in_answer';
  if (answer.trim().length === 0) return 'empty_answer';
  return '';
}

function countMatches(text: string, pattern: RegExp): number {
  if (!/think>/i.test(text)) return 0;
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text)) count++;
  return count;
}
