import { checkAsGenerated } from '../checks/check-as-generated.js';
import { checkProject } from '../checks/check-project.js';
import { formatSummary } from '../pipeline/format-event.js';
import { createGenerationContext, type GenerationContext, RunStoppedError } from '../pipeline/generation-context.js';
import type { RunSummary } from '../pipeline/events.js';
import { runWithSummary } from '../pipeline/run-generation.js';
import { connectTeacher } from '../pipeline/teacher-connection.js';
import type { ProjectStore } from '../store/project-store.js';
import { CliError } from './cli-errors.js';
import type { CliIO } from './cli-io.js';
import { openProject, type ProjectOptions } from './project-options.js';
import { ProgressDisplay } from './progress-display.js';

export interface GenerationCommandOptions extends ProjectOptions {
  concurrency?: number;
}

/** Commands after which the whole project is checked (near-duplicate questions need all of it). */
const CHECK_PROJECT_AFTER = new Set(['auto', 'answers generate']);

/**
 * The shared frame of every generating command: open the project, hold the
 * generation lock, connect to the teacher, show progress, stop cleanly on
 * Ctrl-C, save failures, and turn the outcome into an exit status.
 */
export async function runGenerationCommand(
  name: string,
  options: GenerationCommandOptions,
  io: CliIO,
  work: (ctx: GenerationContext, store: ProjectStore) => Promise<void>,
): Promise<RunSummary> {
  const store = await openProject(options, io);
  const lock = await store.acquireGenerationLock(`distill ${name}`);
  const controller = new AbortController();
  const display = options.json ? null : new ProgressDisplay(io.stderr);
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      io.stderr.write('\nstopping: finishing writes (Ctrl-C again to quit at once)\n');
      controller.abort(new Error('interrupted'));
    } else {
      process.exit(1);
    }
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  try {
    const connection = await connectTeacher(store.config, io.env);
    try {
      const warn = (message: string) => display?.listener({ kind: 'warning', stage: 'answers', target: 'checks', message });
      const ctx = createGenerationContext({
        store,
        client: connection.client,
        emit: display ? display.listener : () => undefined,
        signal: controller.signal,
        afterCandidates: checkAsGenerated(store, warn),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      });
      const summary = await runWithSummary(ctx, () => work(ctx, store));
      if (CHECK_PROJECT_AFTER.has(name) && !summary.aborted) {
        await checkProject(store).catch((error: Error) => warn(`the final check failed: ${error.message}; run distill check`));
      }
      if (options.json) io.stdout.write(JSON.stringify(summary) + '\n');
      return finishStatus(name, summary);
    } finally {
      await connection.close();
    }
  } catch (error) {
    if (error instanceof RunStoppedError) throw new CliError(`${name} stopped: ${error.message}`, { cause: error });
    throw error;
  } finally {
    display?.stop();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    await store.close();
    await lock.release();
  }
}

function finishStatus(name: string, summary: RunSummary): RunSummary {
  if (summary.aborted) throw new CliError(`interrupted; everything finished so far is saved. Run 'distill ${name}' again to complete the rest.`);
  const failed = Object.values(summary.stages).reduce((sum, stage) => sum + stage.failed, 0);
  if (failed > 0) {
    throw new CliError(`${failed} item${failed === 1 ? '' : 's'} failed after retries (kept in data/failures.json); run 'distill ${name}' again to retry. ${formatSummary(summary)}`);
  }
  return summary;
}
