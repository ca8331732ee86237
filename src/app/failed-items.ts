// The generation items that failed after retries (data/failures.json), for `distill failures`:
// each with what it was (a tag path, a question) and, with --retry, asked for again alone.
import { joinTagPath } from '../core/tag-path.js';
import { parseItemId, questionIdOfCandidate } from '../core/ids.js';
import type { Failure, Question } from '../core/types.js';
import { fillCandidates } from '../pipeline/answer-stage.js';
import type { GenerationContext } from '../pipeline/generation-context.js';
import { runAuto } from '../pipeline/run-generation.js';
import type { ProjectStoreApi } from '../store/store-api.js';

export interface FailedItem extends Failure {
  /** What the item is: the tag path under which tags or questions were asked for, or the question answered. */
  label: string;
  /** false when its tag or question is gone since (deleted): a retry skips it. */
  exists: boolean;
}

async function questionOf(store: ProjectStoreApi, candidateId: string): Promise<Question | undefined> {
  const tagId = parseItemId(candidateId)?.tagId;
  if (!tagId || !store.tag(tagId)) return undefined;
  const questionId = questionIdOfCandidate(candidateId);
  return (await store.questions(tagId)).find((question) => question.id === questionId);
}

export async function failedItems(store: ProjectStoreApi): Promise<FailedItem[]> {
  const items: FailedItem[] = [];
  for (const failure of await store.failures()) {
    if (failure.stage === 'answers') {
      const question = await questionOf(store, failure.target);
      items.push({ ...failure, label: question?.text ?? '(question no longer in the project)', exists: question !== undefined });
    } else {
      const exists = failure.target === 'topic' || store.tag(failure.target) !== undefined;
      const label = exists ? joinTagPath(store.promptPath(failure.target === 'topic' ? null : failure.target)) : '(tag deleted)';
      items.push({ ...failure, label, exists });
    }
  }
  return items;
}

/**
 * Asks the project's teachers again for the failed items only: a failed tag or question list
 * grows that part of the tree to the project's target (and answers what it brings), a failed
 * answer is asked for its sample alone. Parts inside another failed part are done once, by it.
 * Items whose tag or question is gone are forgotten (nothing is left to retry) and returned.
 */
export async function retryFailedItems(ctx: GenerationContext): Promise<FailedItem[]> {
  const { store } = ctx;
  const items = await failedItems(store);
  const gone = items.filter((item) => !item.exists);
  const live = items.filter((item) => item.exists);
  for (const item of gone) ctx.failures.succeed(item.target);
  const roots = new Set(live.filter((item) => item.stage !== 'answers').map((item) => (item.target === 'topic' ? null : item.target)));
  const covered = (tagId: string | null): boolean => {
    if (roots.has(null)) return tagId !== null;
    for (
      let parent = tagId === null ? null : (store.tag(tagId)?.parentId ?? null);
      parent !== null;
      parent = store.tag(parent)?.parentId ?? null
    ) {
      if (roots.has(parent)) return true;
    }
    return false;
  };
  const generation = store.config.generation;
  await Promise.all([...roots].filter((root) => !covered(root)).map((root) => runAuto(ctx, generation, root)));
  // Then the answers, after the lists: an answer whose question a list run just completed is skipped as done.
  const samples = new Map<string, { question: Question; upTo: number }>();
  for (const item of live.filter((each) => each.stage === 'answers')) {
    const question = (await questionOf(store, item.target))!;
    const sample = parseItemId(item.target)?.sample ?? 0;
    const known = samples.get(question.id);
    samples.set(question.id, { question, upTo: Math.max(known?.upTo ?? 0, sample + 1) });
  }
  await Promise.all([...samples.values()].map(({ question, upTo }) => fillCandidates(ctx, question, upTo)));
  return gone;
}
