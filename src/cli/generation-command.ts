import type { Command } from 'commander';
import { DistillError, UsageError } from '../core/distill-error.js';
import { projectTeachers } from '../core/teacher-pool-config.js';
import type { PipelineEvent, RunSummary } from '../pipeline/events.js';
import { plural } from '../pipeline/format-event.js';
import type { GenerationContext } from '../pipeline/generation-context.js';
import { formatUsd } from '../pipeline/spending.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { type CliIO, printJson } from './cli-io.js';
import { integerFrom, numberFrom, openProject, positiveInteger, type ProjectOptions } from './project-options.js';
import { ProgressDisplay } from './progress-display.js';

export interface GenerationCommandOptions extends ProjectOptions {
  concurrency?: number;
  /** Seconds for the whole of one request, retries included. */
  timeout?: number;
  maxRetries?: number;
  /** US dollars. */
  budget?: number;
}

/** Commands after which the whole project is checked (near-duplicate questions need all of it). */
const CHECK_PROJECT_AFTER = new Set(['auto', 'answers generate', 'judge']);

/** The flags every generating command takes beside the project's own. */
export function withRunOptions(command: Command): Command {
  return command
    .option(
      '--concurrency <n>',
      "requests in flight at once, per teacher (default: each teacher's setting)",
      positiveInteger('--concurrency', 1024),
    )
    .option(
      '--timeout <seconds>',
      'the longest one request may take, retries included (default: timeoutMs in distill.json, 600 s)',
      numberFrom('--timeout', 0.1, 'seconds'),
    )
    .option(
      '--max-retries <n>',
      'retries of a failed request (429, 5xx, a cut connection; default: maxRetries in distill.json)',
      integerFrom('--max-retries', 0, 20),
    )
    .option(
      '--budget <usd>',
      "stop starting requests once the run has spent this much at the teachers' prices (resumable)",
      numberFrom('--budget', 0, 'US dollars'),
    );
}

/**
 * The frame of every generating command: a generation session with a live
 * progress display, a clean stop on Ctrl-C or at the budget, and the outcome as
 * an exit status. With --json, one document on stdout however it ends.
 */
export async function runGenerationCommand(
  name: string,
  options: GenerationCommandOptions,
  io: CliIO,
  work: (ctx: GenerationContext, store: ProjectStoreApi) => Promise<void>,
  before?: (store: ProjectStoreApi) => Promise<void>,
  /** More of the command's own outcome for the --json document (the judge's tally). */
  extra?: () => object,
): Promise<RunSummary> {
  let summary: RunSummary | null = null;
  try {
    summary = await runSession(name, options, io, { work, before }, (finished) => (summary = finished));
    // A run that ends in an error prints its one document below, with the error in it.
    const finished = finishStatus(name, summary, options, io);
    if (options.json) printJson(io, { ...summary, ...extra?.() });
    return finished;
  } catch (error) {
    if (options.json) {
      const message = error instanceof Error ? error.message : String(error);
      printJson(io, { ...(summary ?? {}), ...extra?.(), error: message.replace(/\s*\n\s*/g, ' ') });
    }
    throw error;
  }
}

async function runSession(
  name: string,
  options: GenerationCommandOptions,
  io: CliIO,
  steps: {
    work: (ctx: GenerationContext, store: ProjectStoreApi) => Promise<void>;
    before?: ((store: ProjectStoreApi) => Promise<void>) | undefined;
  },
  onFinished: (summary: RunSummary) => void,
): Promise<RunSummary> {
  // The model client and the offline teacher load only when a run starts: commands that never generate start without them.
  const [{ runGenerationSession }, { RunStoppedError }, { startOfflineForRun }] = await Promise.all([
    import('../app/generation-session.js'),
    import('../pipeline/generation-context.js'),
    import('./offline-wiring.js'),
  ]);
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
    if (options.budget !== undefined) checkPricesForBudget(store);
    await steps.before?.(store);
    const emit = (event: PipelineEvent) => {
      if (event.kind === 'finished') onFinished(event.summary);
      display?.listener(event);
    };
    return await runGenerationSession(
      store,
      {
        purpose: `distill ${name}`,
        env: io.env,
        emit,
        signal: controller.signal,
        checkProjectAfter: CHECK_PROJECT_AFTER.has(name),
        startOffline: startOfflineForRun,
        budget: options.budget ?? null,
        settings: {
          ...(options.concurrency ? { concurrency: options.concurrency } : {}),
          ...(options.timeout !== undefined ? { timeoutMs: Math.round(options.timeout * 1000) } : {}),
          ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
        },
      },
      (ctx) => steps.work(ctx, store),
    );
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

/** A budget means nothing for a teacher without a price: say so before spending anything. */
function checkPricesForBudget(store: ProjectStoreApi): void {
  const unpriced = projectTeachers(store.config).filter((teacher) => !teacher.price);
  if (unpriced.length === 0) return;
  const names = unpriced.map((teacher) => `"${teacher.name}"`).join(', ');
  throw new UsageError(
    `--budget needs a price for every teacher, and ${names} ${unpriced.length === 1 ? 'has' : 'have'} none: set one with distill teacher add ${unpriced[0]!.name} --replace … --price-in USD --price-out USD`,
  );
}

function finishStatus(name: string, summary: RunSummary, options: GenerationCommandOptions, io: CliIO): RunSummary {
  if (summary.aborted) {
    throw new DistillError(`interrupted; everything finished so far is saved. Run 'distill ${name}' again to complete the rest.`);
  }
  const failed = Object.values(summary.stages).reduce((sum, stage) => sum + stage.failed, 0);
  if (failed > 0) {
    throw new DistillError(
      `${plural(failed, 'item')} failed after retries (kept in data/failures.json); run 'distill ${name}' again to retry.`,
    );
  }
  if (summary.stoppedBy === 'budget' && !options.json) {
    const spent = summary.cost ?? 0;
    io.stderr.write(
      `The budget of ${formatUsd(options.budget ?? 0)} is spent (${formatUsd(spent)} this run); everything is saved. Run 'distill ${name}' again, with a new --budget, to go on.\n`,
    );
  }
  return summary;
}
