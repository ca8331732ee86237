// One generation request from the review screen, run through the same pipeline as `distill auto`
// and the stage commands. Loaded only when the reviewer starts a generation (pipeline-generator.ts).
import { saveTarget } from '../../app/auto-target.js';
import { runGenerationSession } from '../../app/generation-session.js';
import { parseItemId } from '../../core/ids.js';
import type { Question } from '../../core/types.js';
import type { PipelineListener, RunSummary } from '../../pipeline/events.js';
import type { GenerationContext } from '../../pipeline/generation-context.js';
import { generateQuestions } from '../../pipeline/question-stage.js';
import { answerQuestions, runAuto } from '../../pipeline/run-generation.js';
import { generateSubtags } from '../../pipeline/tag-stage.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { GenerationRequest } from '../review-services.js';
import type { OfflineStarter } from '../../app/connect-pool.js';

export interface PipelineGeneratorOptions {
  env: NodeJS.ProcessEnv;
  /** Serves teachers on 'offline' (the CLI's offline wiring: the TUI never starts it itself). */
  startOffline?: OfflineStarter;
  /** Check candidates as they arrive, and the whole project after an auto run (as `distill auto` does). Default true. */
  check?: boolean;
}

async function questionsById(store: ProjectStoreApi, ids: readonly string[]): Promise<Question[]> {
  const byTag = new Map<string, Set<string>>();
  for (const id of ids) {
    const tagId = parseItemId(id)?.tagId;
    if (!tagId) continue;
    const set = byTag.get(tagId) ?? new Set<string>();
    set.add(id);
    byTag.set(tagId, set);
  }
  const found: Question[] = [];
  for (const [tagId, wanted] of byTag) {
    for (const question of await store.questions(tagId)) if (wanted.has(question.id)) found.push(question);
  }
  return found;
}

async function work(ctx: GenerationContext, request: GenerationRequest): Promise<void> {
  switch (request.kind) {
    case 'tags':
      await generateSubtags(ctx, request.parentId, request.count);
      return;
    case 'questions':
      await generateQuestions(ctx, request.tagId, request.count);
      return;
    case 'answers':
      await answerQuestions(ctx, await questionsById(ctx.store, request.questionIds), request.candidates);
      return;
    case 'auto': {
      const target = {
        levels: request.levels,
        tagsPerLevel: request.tagsPerLevel,
        questionsPerTag: request.questionsPerTag,
        candidates: request.candidates,
      };
      // Sizes typed into the auto form become the project's target, as `distill auto --levels …` does.
      await saveTarget(ctx.store, target);
      await runAuto(ctx, target);
      return;
    }
  }
}

export function runGenerationRequest(
  store: ProjectStoreApi,
  options: PipelineGeneratorOptions,
  request: GenerationRequest,
  onEvent: PipelineListener,
  signal: AbortSignal,
): Promise<RunSummary> {
  return runGenerationSession(
    store,
    {
      purpose: 'distill review',
      env: options.env,
      emit: onEvent,
      signal,
      check: options.check ?? true,
      ...(options.startOffline ? { startOffline: options.startOffline } : {}),
      checkProjectAfter: request.kind === 'auto',
    },
    (ctx) => work(ctx, request),
  );
}
