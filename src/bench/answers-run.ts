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

export interface AnswersTiming {
  done: number;
  seconds: number;
  /** Answers each teacher brought, and when (seconds from the start) its last one came. */
  teachers: Map<string, { answers: number; lastSeconds: number }>;
  /** This process's CPU time (user + system) meanwhile: the client's cost, which the machine's load does not inflate. */
  cpuSeconds: number;
}

/**
 * Runs the answers stage of a tag through the real pipeline: how many answers were done,
 * in how many seconds, and the CPU they cost this process (the teachers run in their own).
 */
export async function timeAnswersStage(
  options: Omit<GenerationContextOptions, 'emit' | 'signal'>,
  tagId: string,
  candidates: number,
): Promise<AnswersTiming> {
  let done = 0;
  const teachers = new Map<string, { answers: number; lastSeconds: number }>();
  let started = performance.now();
  const ctx = createGenerationContext({
    ...options,
    emit: (event) => {
      if (event.kind !== 'done') return;
      done++;
      const teacher = teachers.get(event.teacher ?? '') ?? { answers: 0, lastSeconds: 0 };
      teachers.set(event.teacher ?? '', { answers: teacher.answers + 1, lastSeconds: (performance.now() - started) / 1000 });
    },
    signal: new AbortController().signal,
  });
  const cpuBefore = process.cpuUsage();
  started = performance.now();
  await runAnswersStage(ctx, tagId, candidates);
  const cpu = process.cpuUsage(cpuBefore);
  return { done, seconds: (performance.now() - started) / 1000, teachers, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
