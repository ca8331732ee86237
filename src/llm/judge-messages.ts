import type { Language } from '../core/types.js';
import type { ChatMessage } from './completion.js';
import { renderPrompt } from './prompts.js';

/** A trace longer than this is shown to the judge as its start and its end: the tokens cost money, the middle rarely decides. */
export const MAX_REASONING_CHARS_FOR_JUDGE = 8_000;

const NONE: Record<Language, string> = { en: '(none)', zh: '（无）' };

export interface JudgePromptInput {
  language: Language;
  question: string;
  reference?: string | undefined;
  reasoning: string;
  answer: string;
}

/** The rubric prompt for one candidate (prompts/<language>/judge.*.md). */
export function buildJudgeMessages(input: JudgePromptInput): ChatMessage[] {
  const none = NONE[input.language];
  return [
    { role: 'system', content: renderPrompt(input.language, 'judge.system', {}) },
    {
      role: 'user',
      content: renderPrompt(input.language, 'judge.user', {
        question: input.question.trim(),
        reference: input.reference?.trim() || none,
        reasoning: clipReasoning(input.reasoning.trim(), input.language) || none,
        answer: input.answer.trim() || none,
      }),
    },
  ];
}

function clipReasoning(text: string, language: Language): string {
  if (text.length <= MAX_REASONING_CHARS_FOR_JUDGE) return text;
  const half = MAX_REASONING_CHARS_FOR_JUDGE / 2;
  const left = text.length - 2 * half;
  const gap = language === 'zh' ? `\n[……此处省略 ${left} 个字符……]\n` : `\n[… ${left} characters left out …]\n`;
  return text.slice(0, half) + gap + text.slice(-half);
}
