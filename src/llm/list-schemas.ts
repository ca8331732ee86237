import type { ErrorObject } from 'ajv';
import type { Difficulty } from '../core/types.js';
import { schemaValidator } from '../schemas/validator.js';

/** The lists a teacher writes; each has its item schema in `schemas/<kind>.schema.json`. */
export type ListKind = 'tag-list' | 'question-list';
/** Old name of ListKind, kept for callers written against it. */
export type ListSchemaName = ListKind;

export type TagListItem = string;
export interface QuestionListItem {
  text: string;
  /** Absent when the model gave none (or one we cannot read): the question's difficulty is unknown. */
  difficulty?: Difficulty;
  reference?: string;
}

export type ListItemOf<K extends ListKind> = K extends 'tag-list' ? TagListItem : QuestionListItem;

/** The usable items of a list, in order, and why the first unusable one was dropped. */
export interface ReadItems<T> {
  items: T[];
  dropped: number;
  /** "item 2 (text) must NOT have fewer than 5 characters"; null when nothing was dropped. */
  firstProblem: string | null;
}

// Keys models put a question's text under (Easy Dataset's prompt asks for bare strings, others for
// "question" or "q"), and a tag's name under.
const QUESTION_TEXT_KEYS = ['text', 'question', 'q', 'content', 'prompt'];
const TAG_NAME_KEYS = ['name', 'tag', 'title', 'topic', 'text', 'subtopic'];
const DIFFICULTY_WORDS: Record<string, Difficulty> = {
  easy: 'easy',
  simple: 'easy',
  basic: 'easy',
  beginner: 'easy',
  简单: 'easy',
  容易: 'easy',
  medium: 'medium',
  moderate: 'medium',
  intermediate: 'medium',
  normal: 'medium',
  中等: 'medium',
  一般: 'medium',
  hard: 'hard',
  difficult: 'hard',
  advanced: 'hard',
  expert: 'hard',
  困难: 'hard',
  难: 'hard',
};
// "1. Pacing", "2) Why …": numbering the prompt asked the model to leave out.
const LEADING_NUMBER = /^\s*\d{1,3}[.)、]\s+/;

/**
 * Reads a list as models write it: strings or objects, the text under any of the
 * usual keys, a difficulty in any usual spelling or none at all. Each item is then
 * checked against the kind's schema; items that fail are dropped (and counted),
 * never the whole list.
 */
export function readListItems<K extends ListKind>(kind: K, raw: readonly unknown[]): ReadItems<ListItemOf<K>> {
  // The schema describes the whole list; each item is checked as a list of one, so one bad item
  // costs only itself.
  const validate = schemaValidator<ListItemOf<K>[]>(kind);
  const items: ListItemOf<K>[] = [];
  let dropped = 0;
  let firstProblem: string | null = null;
  raw.forEach((value, index) => {
    const item = kind === 'tag-list' ? tagItem(value) : questionItem(value);
    if (item !== null && validate([item])) {
      items.push(item as ListItemOf<K>);
      return;
    }
    dropped += 1;
    firstProblem ??= describeItemProblem(index, value, item === null ? null : (validate.errors ?? []));
  });
  return { items, dropped, firstProblem };
}

function questionItem(value: unknown): QuestionListItem | null {
  if (typeof value === 'string') return { text: tidyText(value) };
  if (!isRecord(value)) return null;
  const text = firstString(value, QUESTION_TEXT_KEYS);
  if (text === undefined) return null;
  const difficulty = difficultyOf(valueOfKey(value, 'difficulty') ?? valueOfKey(value, 'level'));
  const reference = valueOfKey(value, 'reference');
  return {
    text: tidyText(text),
    ...(difficulty ? { difficulty } : {}),
    ...(typeof reference === 'string' && reference.trim() !== '' ? { reference: reference.trim() } : {}),
  };
}

function tagItem(value: unknown): TagListItem | null {
  if (typeof value === 'string') return tidyText(value);
  if (!isRecord(value)) return null;
  const name = firstString(value, TAG_NAME_KEYS);
  return name === undefined ? null : tidyText(name);
}

function tidyText(text: string): string {
  return text.replace(LEADING_NUMBER, '').trim();
}

function difficultyOf(value: unknown): Difficulty | undefined {
  if (typeof value !== 'string') return undefined;
  return DIFFICULTY_WORDS[value.trim().toLowerCase()];
}

/** The value of `key`, matched without regard to case ("Question", "TEXT"). */
function valueOfKey(record: Record<string, unknown>, key: string): unknown {
  if (key in record) return record[key];
  const found = Object.keys(record).find((name) => name.toLowerCase() === key);
  return found === undefined ? undefined : record[found];
}

function firstString(record: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = valueOfKey(record, key);
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function describeItemProblem(index: number, value: unknown, errors: ErrorObject[] | null): string {
  const where = `item ${index + 1}`;
  if (errors === null) {
    return isRecord(value) ? `${where} has no text (expected a string or an object with "text")` : `${where} is not a string or an object`;
  }
  const error = errors[0];
  if (!error) return `${where} is invalid`;
  const field = error.instancePath.split('/').filter(Boolean).slice(1);
  return `${where}${field.length ? ` (${field.join('.')})` : ''} ${error.message ?? 'is invalid'}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
