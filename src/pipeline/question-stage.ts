import { normalizeQuestionText } from '../core/question-text.js';
import { joinTagPath } from '../core/tag-path.js';
import type { Question } from '../core/types.js';
import { buildQuestionsMessages, type QuestionListItem } from '../llm/index.js';
import type { NewQuestion } from '../store/store-api.js';
import type { GenerationContext } from './generation-context.js';
import { ItemsMissingError, runItem } from './item-outcome.js';
import { ListTally, requestList } from './list-request.js';

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
  ctx.emit({ kind: 'planned', stage: 'questions', count });
  for (let batch = 0; batch < batches && !ctx.signal.aborted; batch++) {
    const want = Math.min(QUESTIONS_PER_REQUEST, count - created.length);
    const target = batches > 1 ? `${tagId}#${batch + 1}` : tagId;
    const run = async () => {
      const before = created.length;
      const tally = new ListTally();
      for (let round = 0; round < DEDUPE_ROUNDS && created.length - before < want && !ctx.signal.aborted; round++) {
        const missing = want - (created.length - before);
        const existing = (await store.questions(tagId)).map((question) => question.text);
        const result = await requestList<QuestionListItem, Question[]>(ctx, {
          stage: 'questions',
          target,
          label,
          options: (member) => ({
            model: member.teacher.questionModel,
            messages: buildQuestionsMessages({ language: store.config.language, path: store.promptPath(tagId), count: missing, existing }),
            schema: 'question-list',
            minItems: missing,
            language: store.config.language,
            temperature: store.config.temperature,
          }),
          save: (reply) => store.addQuestions(tagId, freshQuestions(reply.items, existing, missing), 'generated'),
        });
        tally.add(result);
        created.push(...result.saved);
      }
      const got = created.length - before;
      if (got > 0) ctx.emit({ kind: 'done', stage: 'questions', target, label, items: got, ...tally.fields() });
      if (got < want) throw new ItemsMissingError(`the model wrote only ${got} new distinct questions of ${want} asked for`, want - got);
    };
    await runItem(ctx, 'questions', tagId, label, run, want);
  }
  return created;
}

/** The items that are new to the tag (and to each other), at most `missing` of them. */
function freshQuestions(items: readonly QuestionListItem[], existing: readonly string[], missing: number): NewQuestion[] {
  const seen = new Set(existing.map(normalizeQuestionText));
  return items
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
}
