// Batch requests for the list stages. A list request must see the items that already exist (so it
// does not repeat them), so one request per tag is written per round: `tags` grows the tree one
// level per export/import round, `questions` adds up to 20 questions per leaf per round.
import { firstTeacherWithRole } from '../core/teacher-pool-config.js';
import type { StructuredOutputMode } from '../llm/index.js';
import { QUESTIONS_PER_REQUEST } from '../pipeline/question-stage.js';
import { projectStructuredOutput, structuredOutputKey } from '../pipeline/structured-output-file.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { BATCH_ENDPOINT, type BatchRequestLine } from './batch-lines.js';
import { customIdOf, projectMark } from './custom-id.js';
import { questionsRequestBody, tagsRequestBody } from './live-request-bodies.js';

/**
 * The structured output a batch list request asks for. A batch cannot step down after a 400, so
 * `auto` asks for what live runs learned works on this teacher, and for none before any did.
 */
function batchStructuredOutput(store: ProjectStoreApi): StructuredOutputMode {
  const teacher = firstTeacherWithRole(store.config, 'questions');
  if (teacher.structuredOutput !== 'auto') return teacher.structuredOutput;
  const memory = projectStructuredOutput(store.cacheDir);
  return memory.recall(structuredOutputKey(teacher.baseUrl, teacher.questionModel)) ?? 'off';
}

/** Every existing tag above `levels` with fewer than `tagsPerLevel` children asks for the rest. */
export function* missingTagRequests(
  store: ProjectStoreApi,
  rootId: string | null,
  levels: number,
  tagsPerLevel: number,
): Generator<BatchRequestLine> {
  const format = batchStructuredOutput(store);
  const walk = function* (parentId: string | null, depth: number): Generator<BatchRequestLine> {
    if (depth >= levels) return;
    const children = store.children(parentId);
    if (children.length < tagsPerLevel) {
      yield {
        custom_id: customIdOf({
          stage: 'tags',
          parentId,
          total: tagsPerLevel,
          ...(parentId === null ? { project: projectMark(store.config) } : {}),
        }),
        method: 'POST',
        url: BATCH_ENDPOINT,
        body: tagsRequestBody(
          store.config,
          {
            path: store.promptPath(parentId),
            count: tagsPerLevel - children.length,
            siblings: children.map((tag) => tag.name),
          },
          format,
        ),
      };
    }
    for (const child of children) yield* walk(child.id, depth + 1);
  };
  yield* walk(rootId, rootId === null ? 0 : store.tagPath(rootId).length);
}

export async function* missingQuestionRequests(
  store: ProjectStoreApi,
  leafIds: readonly string[],
  questionsPerTag: number,
): AsyncGenerator<BatchRequestLine> {
  const format = batchStructuredOutput(store);
  for (const tagId of leafIds) {
    const existing = (await store.questions(tagId)).map((question) => question.text);
    if (existing.length >= questionsPerTag) continue;
    const count = Math.min(QUESTIONS_PER_REQUEST, questionsPerTag - existing.length);
    yield {
      custom_id: customIdOf({ stage: 'questions', tagId, total: existing.length + count }),
      method: 'POST',
      url: BATCH_ENDPOINT,
      body: questionsRequestBody(store.config, { path: store.promptPath(tagId), count, existing }, format),
    };
  }
}
