// Batch requests for the judge stage: the candidates a live `distill judge` would ask about (same
// scope, same cheap-rule filter, nothing judged for its current text asked again), each with the
// same rubric messages and the structured output the judge teacher takes. The custom_id carries a
// stamp of what the judge is shown (the candidate's generation, its question and reference) and of
// the teacher, so that an import stores a judgement only for the text it was about.
import { createHash } from 'node:crypto';
import { projectTeachers, teachersWithRole, type PoolTeacher } from '../core/teacher-pool-config.js';
import type { StructuredOutputMode } from '../llm/index.js';
import { emptyJudgeTally, judgeItemsOfTag, type JudgeTally } from '../pipeline/judge/judge-items.js';
import { projectStructuredOutput, structuredOutputKey } from '../pipeline/structured-output-file.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { BATCH_ENDPOINT, type BatchRequestLine } from './batch-lines.js';
import { BatchError } from './batch-error.js';
import { customIdOf } from './custom-id.js';
import { judgeRequestBody } from './live-request-bodies.js';

/** Ties a judge request to the candidate text, question and teacher it was written for. */
export function judgeStamp(gen: string, questionHash: string, teacherName: string): string {
  return createHash('sha256').update(`${gen}\u0000${questionHash}\u0000${teacherName}`).digest('hex').slice(0, 12);
}

/** The teacher a judge batch is written for: --teacher NAME, else the first with the judge role. */
export function batchJudge(store: Pick<ProjectStoreApi, 'config'>, name: string | undefined): PoolTeacher {
  const teachers = projectTeachers(store.config);
  if (name !== undefined) {
    const named = teachers.find((teacher) => teacher.name === name);
    if (named) return named;
    const known = teachers.map((teacher) => `"${teacher.name}"`).join(', ');
    throw new BatchError(`--teacher "${name}": the project has no such teacher (it has ${known}; distill teacher list)`);
  }
  const judge = teachersWithRole(store.config, 'judge')[0];
  if (judge) return judge;
  throw new BatchError('no teacher of the project has the judge role', {
    hint: 'name one with --teacher NAME, or give one the role: distill teacher add NAME --base-url URL --model M --roles judge',
  });
}

/**
 * What a batch judge request asks for: a batch cannot step down after a 400, so `auto` asks for
 * what live runs learned this judge takes, and for the JSON schema before any did (the one format
 * every OpenAI and vLLM judge model accepts).
 */
function judgeStructuredOutput(store: ProjectStoreApi, teacher: PoolTeacher): StructuredOutputMode {
  if (teacher.structuredOutput !== 'auto') return teacher.structuredOutput;
  const memory = projectStructuredOutput(store.cacheDir);
  return memory.recall(structuredOutputKey(teacher.baseUrl, teacher.model)) ?? 'json_schema';
}

export async function* missingJudgeRequests(
  store: ProjectStoreApi,
  tagIds: readonly string[],
  teacher: PoolTeacher,
  passesCheapRules: ((tagId: string) => Promise<(candidateId: string) => boolean>) | null,
  tally: JudgeTally = emptyJudgeTally(),
): AsyncGenerator<BatchRequestLine> {
  const format = judgeStructuredOutput(store, teacher);
  for (const tagId of tagIds) {
    const passes = passesCheapRules ? await passesCheapRules(tagId) : null;
    for (const item of await judgeItemsOfTag(store, tagId, passes, tally)) {
      tally.asked += 1;
      yield {
        custom_id: customIdOf({
          stage: 'judge',
          candidateId: item.candidate.id,
          stamp: judgeStamp(item.candidate.gen ?? '', item.questionHash, teacher.name),
        }),
        method: 'POST',
        url: BATCH_ENDPOINT,
        body: judgeRequestBody(store.config, teacher, item, format),
      };
    }
  }
}
