// Turns tags- and questions-stage results into tags and questions. The custom_id carries the total
// the parent should reach, so a second import of the same file finds nothing missing and adds
// nothing; names and questions that already exist are dropped, as the live stages drop them.
import { normalizeQuestionText } from '../core/question-text.js';
import { normalizeTagName } from '../core/tag-path.js';
import { extractJsonList, listValidator, MalformedCompletionError, parseChatCompletion, type QuestionListItem } from '../llm/index.js';
import type { BatchResultLine } from './batch-lines.js';
import type { BatchStore } from './batch-store.js';
import type { ImportTally } from './import-tally.js';
import { completionBodyOf } from './result-reader.js';

/** The list in a result, or why there is none. */
function listOf(result: BatchResultLine, schema: 'tag-list' | 'question-list'): { items: unknown[] } | { failure: string } {
  const outcome = completionBodyOf(result);
  if ('failure' in outcome) return outcome;
  let answer: string;
  try {
    answer = parseChatCompletion(outcome.body).answer;
  } catch (error) {
    if (error instanceof MalformedCompletionError) return { failure: error.message };
    throw error;
  }
  const extracted = extractJsonList(answer);
  if (!extracted.ok) return { failure: extracted.problem.detail };
  const invalid = listValidator(schema)(extracted.items);
  return invalid === null ? { items: extracted.items } : { failure: invalid };
}

export async function importTagsResult(
  store: BatchStore,
  tally: ImportTally,
  target: { parentId: string | null; total: number },
  result: BatchResultLine,
): Promise<void> {
  const { parentId, total } = target;
  const failureTarget = parentId ?? 'topic';
  if (parentId !== null && !store.tags().some((tag) => tag.id === parentId)) {
    tally.stale += 1;
    return;
  }
  const missing = total - store.children(parentId).length;
  if (missing <= 0) {
    tally.alreadyPresent += 1;
    return;
  }
  const list = listOf(result, 'tag-list');
  if ('failure' in list) return tally.fail('tags', failureTarget, list.failure);
  const taken = new Set(store.children(parentId).map((tag) => normalizeTagName(tag.name)));
  const fresh: string[] = [];
  for (const name of (list.items as string[]).map((item) => item.trim())) {
    const key = normalizeTagName(name);
    if (name === '' || taken.has(key)) continue;
    taken.add(key);
    fresh.push(name);
  }
  const added = await store.addTags(parentId, fresh.slice(0, missing), 'generated');
  if (added.length < missing) {
    tally.imported.tags += added.length;
    tally.fail('tags', failureTarget, `the model proposed only ${added.length} new distinct sub-topics of ${missing} asked for`);
  } else {
    tally.succeed('tags', failureTarget, added.length);
  }
}

export async function importQuestionsResult(
  store: BatchStore,
  tally: ImportTally,
  target: { tagId: string; total: number },
  result: BatchResultLine,
): Promise<void> {
  const { tagId, total } = target;
  if (!store.tags().some((tag) => tag.id === tagId)) {
    tally.stale += 1;
    return;
  }
  const existing = await store.questions(tagId);
  const missing = total - existing.length;
  if (missing <= 0) {
    tally.alreadyPresent += 1;
    return;
  }
  const list = listOf(result, 'question-list');
  if ('failure' in list) return tally.fail('questions', tagId, list.failure);
  const seen = new Set(existing.map((question) => normalizeQuestionText(question.text)));
  const fresh = (list.items as QuestionListItem[])
    .filter((item) => {
      const key = normalizeQuestionText(item.text);
      if (key === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, missing)
    .map((item) => ({ text: item.text.trim(), difficulty: item.difficulty, ...(item.reference ? { reference: item.reference } : {}) }));
  const added = await store.addQuestions(tagId, fresh, 'generated');
  if (added.length < missing) {
    tally.imported.questions += added.length;
    tally.fail('questions', tagId, `the model wrote only ${added.length} new distinct questions of ${missing} asked for`);
  } else {
    tally.succeed('questions', tagId, added.length);
  }
}
