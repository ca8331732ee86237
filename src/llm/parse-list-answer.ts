import type { ListProblem } from './list-answer-error.js';
import { splitThinkBlock } from './reasoning.js';

export type ListExtraction = { ok: true; items: unknown[] } | { ok: false; problem: ListProblem };

/** Wrapper keys models use around a list; any other single array-valued key is accepted too. */
const LIST_KEYS = ['items', 'tags', 'questions'];
const MAX_OPENERS_TRIED = 50;

/**
 * Finds the JSON list in a model's reply, however it is dressed: a `<think>`
 * preface (however long, whatever drafts it holds), code fences, a sentence
 * before or after, a bare array or an object wrapping it, trailing commas. A
 * reply with no JSON at all but a bulleted or numbered list is read as that list.
 */
export function extractJsonList(reply: string): ListExtraction {
  const text = splitThinkBlock(reply).answer;
  if (text.length === 0) return { ok: false, problem: { kind: 'empty', detail: 'the reply was empty' } };
  let parsedSomething = false;
  for (const candidate of jsonCandidates(text)) {
    if (candidate === undefined) {
      parsedSomething = true;
      continue;
    }
    return { ok: true, items: candidate };
  }
  if (parsedSomething) return { ok: false, problem: { kind: 'no-list', detail: 'the JSON in the reply holds no list' } };
  const lines = markdownListItems(text);
  if (lines.length > 0) return { ok: true, items: lines };
  return { ok: false, problem: { kind: 'no-json', detail: 'the reply contains no valid JSON' } };
}

// "- Pacing", "* Pacing", "1. Pacing", "2) Pacing", "3、配速": what a model writes when it ignores
// the JSON instruction. Only whole lines count, so a bracket in prose is never taken for a list.
const LIST_LINE = /^\s*(?:[-*•]|\d{1,3}[.)、])\s+(.*\S)\s*$/;
const WRAPPING = /^(?:\*\*|"|“)(.*)(?:\*\*|"|”)$/;

function markdownListItems(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split('\n')) {
    const match = LIST_LINE.exec(line);
    if (!match) continue;
    const item = match[1]!.trim();
    items.push(WRAPPING.exec(item)?.[1]?.trim() ?? item);
  }
  return items;
}

/**
 * Lists from the JSON values in the text, fenced blocks first; `undefined` for
 * a value that parsed but holds no list. Only top-level values count: an array
 * nested in an object that parsed is not a candidate of its own.
 */
function* jsonCandidates(text: string): Generator<unknown[] | undefined> {
  const blocks = [...[...text.matchAll(/```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)```/g)].map((match) => match[1]!), text];
  for (const block of blocks) {
    const value = parseLenient(block);
    if (value !== undefined) yield listIn(value);
  }
  let tried = 0;
  for (let i = 0; i < text.length && tried < MAX_OPENERS_TRIED; i++) {
    if (text[i] !== '[' && text[i] !== '{') continue;
    tried++;
    const end = balancedEnd(text, i);
    if (end < 0) continue;
    const value = parseLenient(text.slice(i, end));
    if (value === undefined) continue;
    yield listIn(value);
    i = end - 1;
  }
}

/** Index just past the bracket that closes the one at `start`, or -1; brackets inside strings do not count. */
export function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '[') stack.push(']');
    else if (char === '{') stack.push('}');
    else if (char === ']' || char === '}') {
      if (stack.pop() !== char) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

export function parseLenient(text: string): unknown {
  const attempts = [text, text.replace(/,(\s*[\]}])/g, '$1')];
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt) as unknown;
    } catch {
      // try the next repair
    }
  }
  return undefined;
}

function listIn(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of LIST_KEYS) {
    if (Array.isArray(record[key])) return record[key] as unknown[];
  }
  const arrays = Object.values(record).filter(Array.isArray);
  return arrays.length === 1 ? arrays[0] : undefined;
}
