import { checkAsGenerated } from '../checks/project/check-as-generated.js';
import { checkProject } from '../checks/project/check-project.js';
import type { PipelineListener, RunSummary } from '../pipeline/events.js';
import { createGenerationContext, type GenerationContext } from '../pipeline/generation-context.js';
import { runWithSummary } from '../pipeline/run-generation.js';
import { connectTeacher } from '../pipeline/teacher-connection.js';
import type { ProjectStoreApi } from '../store/store-api.js';

export interface GenerationSessionOptions {
  /** Who holds the generation lock, as another process would be told ("distill auto"). */
  purpose: string;
  env: NodeJS.ProcessEnv;
  emit: PipelineListener;
  signal: AbortSignal;
  concurrency?: number;
  /** Check candidates as they arrive (default true). */
  check?: boolean;
  /** Check the whole project when the run ends: near-duplicate questions are judged across all of it. */
  checkProjectAfter?: boolean;
}

/**
 * One generation run as the CLI and the TUI both do it: hold the project's
 * generation lock, connect to the teacher (starting the offline one if the
 * project uses it), check candidates as they arrive, run the work, save its
 * failures, and release everything however it ends.
 */
export async function runGenerationSession(
  store: ProjectStoreApi,
  options: GenerationSessionOptions,
  work: (ctx: GenerationContext) => Promise<void>,
): Promise<RunSummary> {
  const lock = await store.acquireGenerationLock(options.purpose);
  try {
    const connection = await connectTeacher(store.config, options.env);
    try {
      const check = options.check ?? true;
      const warn = (message: string) => options.emit({ kind: 'warning', stage: 'answers', target: 'checks', message });
      const ctx = createGenerationContext({
        store,
        client: connection.client,
        emit: options.emit,
        signal: options.signal,
        ...(check ? { afterCandidates: checkAsGenerated(store, warn) } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      });
      const summary = await runWithSummary(ctx, () => work(ctx));
      if (check && options.checkProjectAfter && !summary.aborted) {
        await checkProject(store).catch((error: Error) => warn(`the final check failed: ${error.message}; run distill check`));
      }
      return summary;
    } finally {
      await connection.close();
    }
  } finally {
    await lock.release();
  }
}
