import { joinTagPath } from '../core/tag-path.js';
import type { Question } from '../core/types.js';
import { buildQuestionsMessages } from '../llm/index.js';
import { freshQuestions } from './fresh-list-items.js';
import type { GenerationContext } from './generation-context.js';
import { runItem } from './item-outcome.js';
import { fillList } from './list-rounds.js';

/** Long lists risk being cut by the token limit; larger counts are asked for in batches. */
export const QUESTIONS_PER_REQUEST = 20;

/**
 * Adds `count` new questions to a tag, given the full tag path and the
 * questions it already has (so that reruns do not repeat them). Each reply is
 * saved as soon as it arrives: an interrupted run keeps what it got.
 */
export async function generateQuestions(ctx: GenerationContext, tagId: string, count: number): Promise<Question[]> {
  const { store } = ctx;
  const label = joinTagPath(store.tagPath(tagId));
  const created: Question[] = [];
  const batches = Math.ceil(count / QUESTIONS_PER_REQUEST);
  ctx.emit({ kind: 'planned', stage: 'questions', count });
  for (let batch = 0; batch < batches && !ctx.signal.aborted; batch++) {
    const want = Math.min(QUESTIONS_PER_REQUEST, count - created.length);
    const target = batches > 1 ? `${tagId}#${batch + 1}` : tagId;
    await runItem(
      ctx,
      'questions',
      tagId,
      label,
      async () => {
        await fillList(ctx, {
          stage: 'questions',
          kind: 'question-list',
          target,
          label,
          count: want,
          noun: 'questions',
          nextRound: async (ask) => {
            const existing = (await store.questions(tagId)).map((question) => question.text);
            return {
              messages: buildQuestionsMessages({ language: store.config.language, path: store.promptPath(tagId), count: ask, existing }),
              save: async (items) => {
                const added = await store.addQuestions(tagId, freshQuestions(existing, items, ask), 'generated');
                created.push(...added);
                return added.length;
              },
            };
          },
        });
      },
      want,
    );
  }
  return created;
}
