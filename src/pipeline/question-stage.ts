import { normalizeQuestionText } from '../core/question-text.js';
import { joinTagPath } from '../core/tag-path.js';
import type { Question } from '../core/types.js';
import { askForList, buildQuestionsMessages, type QuestionListItem } from '../llm/index.js';
import { type GenerationContext, LIST_ATTEMPTS } from './generation-context.js';
import { runItem, totalTokens } from './item-outcome.js';

/** Long lists risk being cut by the token limit; larger counts are asked for in batches. */
export const QUESTIONS_PER_REQUEST = 20;
const DEDUPE_ROUNDS = 3;

/**
 * Adds `count` new questions to a tag, given the full tag path and the
 * questions it already has (so that reruns do not repeat them). Each batch is
 * saved as soon as it arrives: an interrupted run keeps what it got.
 */
export async function generateQuestions(ctx: GenerationContext, tagId: string, count: number): Promise<Question[]> {
  const { store } = ctx;
  const label = joinTagPath(store.tagPath(tagId));
  const created: Question[] = [];
  const batches = Math.ceil(count / QUESTIONS_PER_REQUEST);
  ctx.emit({ kind: 'planned', stage: 'questions', count: batches });
  for (let batch = 0; batch < batches && !ctx.signal.aborted; batch++) {
    const want = Math.min(QUESTIONS_PER_REQUEST, count - created.length);
    const target = batches > 1 ? `${tagId}#${batch + 1}` : tagId;
    await runItem(ctx, 'questions', tagId, label, store.config.questionModel, async () => {
      const before = created.length;
      let tokens = 0;
      let latencyMs = 0;
      for (let round = 0; round < DEDUPE_ROUNDS && created.length - before < want && !ctx.signal.aborted; round++) {
        const missing = want - (created.length - before);
        const existing = (await store.questions(tagId)).map((question) => question.text);
        // The slot is held until the new questions are saved (see answer-stage.ts).
        const { answer, added } = await ctx.limit(async () => {
          ctx.emit({ kind: 'started', stage: 'questions', target, label });
          const reply = await askForList<QuestionListItem>(ctx.client, {
            model: store.config.questionModel,
            messages: buildQuestionsMessages({ language: store.config.language, path: store.promptPath(tagId), count: missing, existing }),
            schema: 'question-list',
            minItems: missing,
            maxAttempts: LIST_ATTEMPTS,
            language: store.config.language,
            temperature: store.config.temperature,
            signal: ctx.signal,
            onRetry: (problem) => ctx.emit({ kind: 'warning', stage: 'questions', target, message: `asked again: ${problem.detail}` }),
          });
          const seen = new Set(existing.map(normalizeQuestionText));
          const fresh = reply.items
            .filter((item) => {
              const key = normalizeQuestionText(item.text);
              if (seen.has(key)) return false;
              seen.add(key);
              return true;
            })
            .slice(0, missing)
            .map((item) => ({
              text: item.text.trim(),
              difficulty: item.difficulty,
              ...(item.reference ? { reference: item.reference } : {}),
            }));
          return { answer: reply, added: await store.addQuestions(tagId, fresh, 'generated') };
        });
        tokens += totalTokens(answer.usage);
        latencyMs += answer.latencyMs;
        created.push(...added);
      }
      const got = created.length - before;
      if (got < want) throw new Error(`the model wrote only ${got} new distinct questions of ${want} asked for`);
      ctx.emit({ kind: 'done', stage: 'questions', target, label, items: got, tokens, latencyMs });
    });
  }
  return created;
}
