import { joinTagPath } from '../core/tag-path.js';
import type { Tag } from '../core/types.js';
import { buildTagsMessages } from '../llm/index.js';
import { freshTagNames } from './fresh-list-items.js';
import type { GenerationContext } from './generation-context.js';
import { runItem } from './item-outcome.js';
import { fillList } from './list-rounds.js';

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
      await fillList(ctx, {
        stage: 'tags',
        kind: 'tag-list',
        target,
        label,
        count,
        noun: 'sub-topics',
        nextRound: (ask) => {
          const siblings = store.children(parentId).map((tag) => tag.name);
          return Promise.resolve({
            messages: buildTagsMessages({
              language: store.config.language,
              topic: store.config.topic,
              path: store.promptPath(parentId),
              count: ask,
              siblings,
            }),
            save: async (items) => {
              const added = await store.addTags(parentId, freshTagNames(siblings, items, ask), 'generated');
              created.push(...added);
              return added.length;
            },
          });
        },
      });
    },
    count,
  );
  return created;
}
