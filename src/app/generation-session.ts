import { checkAsGenerated } from '../checks/project/check-as-generated.js';
import { checkProject } from '../checks/project/check-project.js';
import type { PipelineListener, RunSummary } from '../pipeline/events.js';
import { createGenerationContext, type GenerationContext } from '../pipeline/generation-context.js';
import { runWithSummary } from '../pipeline/run-generation.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { connectPool, type OfflineStarter, type RunSettings } from './connect-pool.js';

/** How often the heartbeat says how many requests are out and how long the oldest has waited. */
const HEARTBEAT_MS = 1_000;

export interface GenerationSessionOptions {
  /** Who holds the generation lock, as another process would be told ("distill auto"). */
  purpose: string;
  env: NodeJS.ProcessEnv;
  emit: PipelineListener;
  signal: AbortSignal;
  /** This run's --timeout, --max-retries and --concurrency. */
  settings?: RunSettings;
  /** US dollars: no request starts once the run has spent this much. */
  budget?: number | null;
  /** Serves teachers whose base URL is 'offline' (the CLI's offline wiring). */
  startOffline?: OfflineStarter;
  /** Check candidates as they arrive (default true). */
  check?: boolean;
  /** Check the whole project when the run ends: near-duplicate questions are judged across all of it. */
  checkProjectAfter?: boolean;
}

/**
 * One generation run as the CLI and the TUI both do it: hold the project's
 * generation lock, connect the teacher pool (the offline teacher through the
 * starter the CLI gives), check candidates as they arrive, say how long
 * requests have been waiting, run the work, save its failures, and release
 * everything however it ends.
 */
export async function runGenerationSession(
  store: ProjectStoreApi,
  options: GenerationSessionOptions,
  work: (ctx: GenerationContext) => Promise<void>,
): Promise<RunSummary> {
  const lock = await store.acquireGenerationLock(options.purpose);
  try {
    let ctx: GenerationContext | null = null;
    const connection = await connectPool(store.config, options.env, {
      ...(options.settings ? { settings: options.settings } : {}),
      ...(options.startOffline ? { startOffline: options.startOffline } : {}),
      // With no teacher left the run stops, and its one line says why: nothing to add here.
      onDown: (member, reason, remaining) => {
        if (remaining.length > 0) {
          ctx?.emit({ kind: 'teacher-down', teacher: member.name, reason, remaining: remaining.map((each) => each.name) });
        }
      },
    });
    let lastWaiting = 0;
    const heartbeat = setInterval(() => {
      const { waiting, oldestMs } = connection.pool.inFlight.snapshot();
      // Said while requests are out, and once more when none is (so a display can clear it).
      if (waiting > 0 || lastWaiting > 0) ctx?.emit({ kind: 'waiting', requests: waiting, oldestMs });
      lastWaiting = waiting;
    }, HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const check = options.check ?? true;
      const warn = (message: string) => options.emit({ kind: 'warning', stage: 'answers', target: 'checks', message });
      ctx = createGenerationContext({
        store,
        pool: connection.pool,
        emit: options.emit,
        signal: options.signal,
        budget: options.budget ?? null,
        ...(check ? { afterCandidates: checkAsGenerated(store, warn) } : {}),
      });
      const run = ctx;
      const summary = await runWithSummary(run, async () => {
        for (const { name, reason } of connection.unusable) {
          const remaining = connection.pool.members.filter((member) => member.down === null).map((member) => member.name);
          if (remaining.length > 0) run.emit({ kind: 'teacher-down', teacher: name, reason, remaining });
        }
        await work(run);
      });
      if (check && options.checkProjectAfter && !summary.aborted && !summary.stoppedBy) {
        await checkProject(store).catch((error: Error) => warn(`the final check failed: ${error.message}; run distill check`));
      }
      return summary;
    } finally {
      clearInterval(heartbeat);
      await connection.close();
    }
  } finally {
    await lock.release();
  }
}
