import { createGenerationContext, type GenerationContextOptions } from '../pipeline/generation-context.js';
import { runAnswersStage } from '../pipeline/run-generation.js';
import type { ProjectStoreApi } from '../store/store-api.js';

/** One tag of `count` distinct questions, what every generation bench answers; returns the tag's id. */
export async function addBenchQuestions(store: ProjectStoreApi, count: number): Promise<string> {
  const [tag] = await store.addTags(null, ['Endurance'], 'generated');
  await store.addQuestions(
    tag!.id,
    Array.from({ length: count }, (_, i) => ({ text: `How does training block ${i + 1} change lactate threshold?` })),
    'generated',
  );
  return tag!.id;
}

/** Runs the answers stage of a tag through the real pipeline; how many answers were done, and in how many seconds. */
export async function timeAnswersStage(
  options: Omit<GenerationContextOptions, 'emit' | 'signal'>,
  tagId: string,
  candidates: number,
): Promise<{ done: number; seconds: number }> {
  let done = 0;
  const ctx = createGenerationContext({
    ...options,
    emit: (event) => {
      if (event.kind === 'done') done++;
    },
    signal: new AbortController().signal,
  });
  const started = performance.now();
  await runAnswersStage(ctx, tagId, candidates);
  return { done, seconds: (performance.now() - started) / 1000 };
}
