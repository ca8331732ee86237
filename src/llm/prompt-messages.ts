import { joinTagPath } from '../core/tag-path.js';
import type { Language } from '../core/types.js';
import type { ChatMessage } from './completion.js';
import { languageName, renderPrompt } from './prompts.js';

/** A long tail of existing questions costs tokens and helps little; the newest ones are kept. */
export const MAX_EXISTING_QUESTIONS_IN_PROMPT = 80;

const NONE_MARKER: Record<Language, string> = { en: '(none)', zh: '（无）' };
const ITEM_PREFIX = '- ';

/** `path` is the full path including the topic, as names or already joined with " > ". */
export type PromptPath = string | readonly string[];

export interface TagsPromptInput {
  language: Language;
  topic: string;
  path: PromptPath;
  count: number;
  /** Names that already exist under the same parent. */
  siblings: readonly string[];
}

export function buildTagsMessages(input: TagsPromptInput): ChatMessage[] {
  return [
    { role: 'system', content: renderPrompt(input.language, 'tags.system', {}) },
    {
      role: 'user',
      content: renderPrompt(input.language, 'tags.user', {
        topic: input.topic,
        path: pathText(input.path),
        count: input.count,
        siblings: formatPromptList(input.siblings, input.language),
      }),
    },
  ];
}

export interface QuestionsPromptInput {
  language: Language;
  path: PromptPath;
  count: number;
  /** Questions the tag already has, oldest first. */
  existing: readonly string[];
}

export function buildQuestionsMessages(input: QuestionsPromptInput): ChatMessage[] {
  const existing = input.existing.slice(-MAX_EXISTING_QUESTIONS_IN_PROMPT);
  return [
    { role: 'system', content: renderPrompt(input.language, 'questions.system', {}) },
    {
      role: 'user',
      content: renderPrompt(input.language, 'questions.user', {
        path: pathText(input.path),
        count: input.count,
        existing: formatPromptList(existing, input.language),
        language: languageName(input.language),
      }),
    },
  ];
}

export function buildAnswerMessages(input: { language: Language; question: string }): ChatMessage[] {
  const language = languageName(input.language);
  return [
    { role: 'system', content: renderPrompt(input.language, 'answer.system', { language }) },
    { role: 'user', content: renderPrompt(input.language, 'answer.user', { question: input.question, language }) },
  ];
}

export function buildListRetryMessage(input: { language: Language; problem: string; count: number }): ChatMessage {
  return { role: 'user', content: renderPrompt(input.language, 'list-retry', { problem: input.problem, count: input.count }) };
}

/** One item per line; each item kept on one line so the list can be read back. */
export function formatPromptList(items: readonly string[], language: Language): string {
  if (items.length === 0) return NONE_MARKER[language];
  return items.map((item) => ITEM_PREFIX + item.replace(/\s+/g, ' ').trim()).join('\n');
}

/** The inverse of formatPromptList (used by the offline teacher, which sees only the request text). */
export function parsePromptList(text: string): string[] {
  const trimmed = text.trim();
  if (Object.values(NONE_MARKER).includes(trimmed)) return [];
  return trimmed
    .split('\n')
    .map((line) => (line.startsWith(ITEM_PREFIX) ? line.slice(ITEM_PREFIX.length) : line).trim())
    .filter((line) => line.length > 0);
}

function pathText(path: PromptPath): string {
  return typeof path === 'string' ? path : joinTagPath(path);
}
