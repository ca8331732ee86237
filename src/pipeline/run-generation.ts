import type { GenerationDefaults, Question } from '../core/types.js';
import { fillCandidates } from './answer-stage.js';
import { applyEvent, emptyStageCounts, type PipelineEvent, type RunSummary } from './events.js';
import type { GenerationContext } from './generation-context.js';
import { generateQuestions } from './question-stage.js';
import { generateSubtags } from './tag-stage.js';

export type AutoParams = GenerationDefaults;

/**
 * Wraps a run: counts its events into a summary, saves its failures, and
 * reports `finished` even when it stops early. Failures are saved however the
 * run ends, so the next run knows what to retry.
 */
export async function runWithSummary(ctx: GenerationContext, work: () => Promise<void>): Promise<RunSummary> {
  const started = performance.now();
  const stages = emptyStageCounts();
  let tokens = 0;
  const emit = ctx.emit;
  ctx.emit = (event: PipelineEvent) => {
    applyEvent(stages, event);
    if (event.kind === 'done') tokens += event.tokens;
    emit(event);
  };
  let failed = false;
  let final: RunSummary | undefined;
  const summary = (): RunSummary => ({
    stages,
    tokens,
    cost: ctx.spending.cost,
    elapsedMs: Math.round(performance.now() - started),
    aborted: failed || ctx.signal.aborted,
    ...(ctx.spending.reached && !ctx.signal.aborted && !failed ? { stoppedBy: 'budget' as const } : {}),
  });
  try {
    await work();
    // The candidates of the last questions are checked before the run says it is finished.
    if (!ctx.signal.aborted) await ctx.checks?.flush();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    ctx.checks?.stop();
    ctx.emit = emit;
    try {
      // When the run itself failed, saving its failures must not hide why (a full disk fails both).
      await ctx.failures.save(ctx.store).catch((error: unknown) => {
        if (!failed) throw error;
      });
    } finally {
      // Said however the run ends, so a stopped run still shows what it got done.
      final = summary();
      emit({ kind: 'finished', summary: final });
    }
  }
  return final;
}

/**
 * Builds the tree to `levels` (each tag above that depth gets `tagsPerLevel`
 * children), then `questionsPerTag` questions per leaf and `candidates`
 * answers per question. Everything already there is kept and counted as
 * skipped, so a rerun after any interruption completes exactly what is missing.
 * Branches proceed independently: answers start while other tags still grow.
 */
export async function runAuto(ctx: GenerationContext, params: AutoParams, rootId: string | null = null): Promise<void> {
  const { store } = ctx;
  const walk = async (tagId: string | null, depth: number): Promise<void> => {
    if (ctx.signal.aborted) return;
    if (depth < params.levels) {
      const have = store.children(tagId).length;
      ctx.emit({ kind: 'skipped', stage: 'tags', count: Math.min(have, params.tagsPerLevel) });
      if (have < params.tagsPerLevel) await generateSubtags(ctx, tagId, params.tagsPerLevel - have);
      await Promise.all(store.children(tagId).map((child) => walk(child.id, depth + 1)));
      return;
    }
    if (tagId === null) return;
    const children = store.children(tagId);
    // Tags added by hand below the requested depth are walked, not expanded.
    if (children.length > 0) {
      await Promise.all(children.map((child) => walk(child.id, depth + 1)));
      return;
    }
    await fillLeaf(ctx, tagId, params.questionsPerTag, params.candidates);
  };
  await walk(rootId, rootId === null ? 0 : store.tagPath(rootId).length);
}

async function fillLeaf(ctx: GenerationContext, tagId: string, questionsPerTag: number, candidates: number): Promise<void> {
  const have = (await ctx.store.questions(tagId)).length;
  ctx.emit({ kind: 'skipped', stage: 'questions', count: Math.min(have, questionsPerTag) });
  if (have < questionsPerTag) await generateQuestions(ctx, tagId, questionsPerTag - have);
  await answerQuestions(ctx, await ctx.store.questions(tagId), candidates);
}

export async function answerQuestions(ctx: GenerationContext, questions: readonly Question[], candidates: number): Promise<void> {
  await Promise.all(questions.map((question) => fillCandidates(ctx, question, candidates)));
}

/** Leaves of the subtree under `rootId` (the tag itself when it is a leaf). */
export function leavesUnder(ctx: GenerationContext, rootId: string | null): string[] {
  const { store } = ctx;
  if (rootId !== null && store.isLeaf(rootId)) return [rootId];
  return store.tree
    .descendants(rootId)
    .filter((tag) => store.isLeaf(tag.id))
    .map((tag) => tag.id);
}

/** `questions generate`: `count` new questions for every leaf under the tag. */
export async function runQuestionsStage(ctx: GenerationContext, rootId: string | null, count: number): Promise<void> {
  await Promise.all(leavesUnder(ctx, rootId).map((tagId) => generateQuestions(ctx, tagId, count)));
}

/** `answers generate`: every question under the tag (leaf or not) gets `candidates` answers. */
export async function runAnswersStage(ctx: GenerationContext, rootId: string | null, candidates: number): Promise<void> {
  const tagIds =
    rootId === null ? ctx.store.tags().map((tag) => tag.id) : [rootId, ...ctx.store.tree.descendants(rootId).map((tag) => tag.id)];
  await Promise.all(tagIds.map(async (tagId) => answerQuestions(ctx, await ctx.store.questions(tagId), candidates)));
}
