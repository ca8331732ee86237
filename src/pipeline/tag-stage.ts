import { joinTagPath, normalizeTagName } from '../core/tag-path.js';
import type { Tag } from '../core/types.js';
import { buildTagsMessages, type TagListItem } from '../llm/index.js';
import type { GenerationContext } from './generation-context.js';
import { ItemsMissingError, runItem } from './item-outcome.js';
import { ListTally, requestList } from './list-request.js';

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
  ctx.emit({ kind: 'planned', stage: 'tags', count });
  await runItem(
    ctx,
    'tags',
    target,
    label,
    async () => {
      const tally = new ListTally();
      for (let round = 0; round < DEDUPE_ROUNDS && created.length < count && !ctx.signal.aborted; round++) {
        const missing = count - created.length;
        const siblings = store.children(parentId).map((tag) => tag.name);
        const result = await requestList<TagListItem, Tag[]>(ctx, {
          stage: 'tags',
          target,
          label,
          options: (member) => ({
            model: member.teacher.questionModel,
            messages: buildTagsMessages({
              language: store.config.language,
              topic: store.config.topic,
              path: store.promptPath(parentId),
              count: missing,
              siblings,
            }),
            schema: 'tag-list',
            minItems: missing,
            language: store.config.language,
            temperature: store.config.temperature,
          }),
          save: (reply) => {
            const taken = new Set(siblings.map(normalizeTagName));
            const fresh = reply.items
              .map((name) => name.trim())
              .filter((name) => !taken.has(normalizeTagName(name)))
              .slice(0, missing);
            return store.addTags(parentId, fresh, 'generated');
          },
        });
        tally.add(result);
        created.push(...result.saved);
      }
      if (created.length > 0) {
        ctx.emit({ kind: 'done', stage: 'tags', target, label, items: created.length, ...tally.fields() });
      }
      if (created.length < count) {
        throw new ItemsMissingError(
          `the model proposed only ${created.length} new distinct sub-topics of ${count} asked for`,
          count - created.length,
        );
      }
    },
    count,
  );
  return created;
}
