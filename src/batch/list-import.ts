// Turns tags- and questions-stage results into tags and questions. The custom_id carries the total
// the parent should reach, so a second import of the same file finds nothing missing and adds
// nothing; names and questions that already exist are dropped, as the live stages drop them.
import {
  extractJsonList,
  MalformedCompletionError,
  parseChatCompletion,
  readListItems,
  type ListItemOf,
  type ListKind,
} from '../llm/index.js';
import { freshQuestions, freshTagNames } from '../pipeline/fresh-list-items.js';
import type { BatchResultLine } from './batch-lines.js';
import type { BatchStore } from './batch-store.js';
import type { ImportTally } from './import-tally.js';
import { completionBodyOf } from './result-reader.js';

/** The usable items of a result's list, or why there are none. */
function listOf<K extends ListKind>(result: BatchResultLine, kind: K): { items: ListItemOf<K>[] } | { failure: string } {
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
  const read = readListItems(kind, extracted.items);
  if (read.items.length > 0) return { items: read.items };
  return { failure: read.firstProblem ?? 'the list is empty' };
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
  const siblings = store.children(parentId).map((tag) => tag.name);
  const missing = total - siblings.length;
  if (missing <= 0) {
    tally.alreadyPresent += 1;
    return;
  }
  const list = listOf(result, 'tag-list');
  if ('failure' in list) return tally.fail('tags', failureTarget, list.failure);
  const added = await store.addTags(parentId, freshTagNames(siblings, list.items, missing), 'generated');
  if (added.length < missing) {
    tally.imported.tags += added.length;
    tally.fail('tags', failureTarget, `the teacher gave only ${added.length} new distinct sub-topics of ${missing} asked for`);
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
  const existing = (await store.questions(tagId)).map((question) => question.text);
  const missing = total - existing.length;
  if (missing <= 0) {
    tally.alreadyPresent += 1;
    return;
  }
  const list = listOf(result, 'question-list');
  if ('failure' in list) return tally.fail('questions', tagId, list.failure);
  const added = await store.addQuestions(tagId, freshQuestions(existing, list.items, missing), 'generated');
  if (added.length < missing) {
    tally.imported.questions += added.length;
    tally.fail('questions', tagId, `the teacher gave only ${added.length} new distinct questions of ${missing} asked for`);
  } else {
    tally.succeed('questions', tagId, added.length);
  }
}
