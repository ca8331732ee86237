// What a list answer adds: the items that are new (not already there, not repeated within the
// list), cut to what is missing. The live stages and batch import keep the same ones.
import { normalizeQuestionText } from '../core/question-text.js';
import { normalizeTagName } from '../core/tag-path.js';
import type { QuestionListItem, TagListItem } from '../llm/index.js';
import type { NewQuestion } from '../store/store-api.js';

export function freshQuestions(existing: readonly string[], items: readonly QuestionListItem[], missing: number): NewQuestion[] {
  const seen = new Set(existing.map(normalizeQuestionText));
  const fresh: NewQuestion[] = [];
  for (const item of items) {
    if (fresh.length >= missing) break;
    const key = normalizeQuestionText(item.text);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    fresh.push({
      text: item.text.trim(),
      ...(item.difficulty ? { difficulty: item.difficulty } : {}),
      ...(item.reference ? { reference: item.reference } : {}),
    });
  }
  return fresh;
}

export function freshTagNames(siblings: readonly string[], items: readonly TagListItem[], missing: number): string[] {
  const taken = new Set(siblings.map(normalizeTagName));
  const fresh: string[] = [];
  for (const item of items) {
    if (fresh.length >= missing) break;
    const name = item.trim();
    const key = normalizeTagName(name);
    if (key === '' || taken.has(key)) continue;
    taken.add(key);
    fresh.push(name);
  }
  return fresh;
}
