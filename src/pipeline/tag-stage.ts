import { joinTagPath, normalizeTagName } from '../core/tag-path.js';
import type { Tag } from '../core/types.js';
import { askForList, buildTagsMessages, type TagListItem } from '../llm/index.js';
import { type GenerationContext, LIST_ATTEMPTS } from './generation-context.js';
import { runItem, totalTokens } from './item-outcome.js';

/** Rounds of asking when the model keeps proposing names that already exist. */
const DEDUPE_ROUNDS = 3;

/**
 * Adds `count` new sub-tags under `parentId` (null: the topic). Names that
 * already exist among the siblings are dropped and asked for again.
 */
export async function generateSubtags(ctx: GenerationContext, parentId: string | null, count: number): Promise<Tag[]> {
  const { store } = ctx;
  const label = joinTagPath(store.promptPath(parentId));
  const target = parentId ?? 'topic';
  const created: Tag[] = [];
  ctx.emit({ kind: 'planned', stage: 'tags', count: 1 });
  await runItem(ctx, 'tags', target, label, store.config.questionModel, async () => {
    let tokens = 0;
    let latencyMs = 0;
    for (let round = 0; round < DEDUPE_ROUNDS && created.length < count && !ctx.signal.aborted; round++) {
      const missing = count - created.length;
      const siblings = store.children(parentId).map((tag) => tag.name);
      // The slot is held until the new tags are saved (see answer-stage.ts).
      const { answer, added } = await ctx.limit(async () => {
        ctx.emit({ kind: 'started', stage: 'tags', target, label });
        const reply = await askForList<TagListItem>(ctx.client, {
          model: store.config.questionModel,
          messages: buildTagsMessages({
            language: store.config.language,
            topic: store.config.topic,
            path: store.promptPath(parentId),
            count: missing,
            siblings,
          }),
          schema: 'tag-list',
          minItems: missing,
          maxAttempts: LIST_ATTEMPTS,
          language: store.config.language,
          temperature: store.config.temperature,
          signal: ctx.signal,
          onRetry: (problem) => ctx.emit({ kind: 'warning', stage: 'tags', target, message: `asked again: ${problem.detail}` }),
        });
        const taken = new Set(siblings.map(normalizeTagName));
        const fresh = reply.items
          .map((name) => name.trim())
          .filter((name) => !taken.has(normalizeTagName(name)))
          .slice(0, missing);
        return { answer: reply, added: await store.addTags(parentId, fresh, 'generated') };
      });
      tokens += totalTokens(answer.usage);
      latencyMs += answer.latencyMs;
      created.push(...added);
    }
    if (created.length < count) {
      throw new Error(`the model proposed only ${created.length} new distinct sub-topics of ${count} asked for`);
    }
    ctx.emit({ kind: 'done', stage: 'tags', target, label, items: created.length, tokens, latencyMs });
  });
  return created;
}
