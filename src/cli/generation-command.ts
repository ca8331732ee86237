import { runGenerationSession } from '../app/generation-session.js';
import type { RunSummary } from '../pipeline/events.js';
import { formatSummary } from '../pipeline/format-event.js';
import { type GenerationContext, RunStoppedError } from '../pipeline/generation-context.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { DistillError } from '../core/distill-error.js';
import type { CliIO } from './cli-io.js';
import { openProject, type ProjectOptions } from './project-options.js';
import { ProgressDisplay } from './progress-display.js';

export interface GenerationCommandOptions extends ProjectOptions {
  concurrency?: number;
}

/** Commands after which the whole project is checked (near-duplicate questions need all of it). */
const CHECK_PROJECT_AFTER = new Set(['auto', 'answers generate']);

/**
 * The frame of every generating command: a generation session with a live
 * progress display, a clean stop on Ctrl-C, and the outcome as an exit status.
 */
export async function runGenerationCommand(
  name: string,
  options: GenerationCommandOptions,
  io: CliIO,
  work: (ctx: GenerationContext, store: ProjectStoreApi) => Promise<void>,
): Promise<RunSummary> {
  const store = await openProject(options, io);
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
    const summary = await runGenerationSession(
      store,
      {
        purpose: `distill ${name}`,
        env: io.env,
        emit: display ? display.listener : () => undefined,
        signal: controller.signal,
        checkProjectAfter: CHECK_PROJECT_AFTER.has(name),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      },
      (ctx) => work(ctx, store),
    );
    if (options.json) io.stdout.write(JSON.stringify(summary) + '\n');
    return finishStatus(name, summary);
  } catch (error) {
    if (error instanceof RunStoppedError) throw new DistillError(`${name} stopped: ${error.message}`, { cause: error });
    throw error;
  } finally {
    display?.stop();
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    await store.close();
  }
}

function finishStatus(name: string, summary: RunSummary): RunSummary {
  if (summary.aborted)
    throw new DistillError(`interrupted; everything finished so far is saved. Run 'distill ${name}' again to complete the rest.`);
  const failed = Object.values(summary.stages).reduce((sum, stage) => sum + stage.failed, 0);
  if (failed > 0) {
    throw new DistillError(
      `${failed} item${failed === 1 ? '' : 's'} failed after retries (kept in data/failures.json); run 'distill ${name}' again to retry. ${formatSummary(summary)}`,
    );
  }
  return summary;
}
