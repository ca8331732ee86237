import { setMaxListeners } from 'node:events';
import type { Failure, Stage } from '../core/types.js';
import { primaryTeacher } from '../core/teacher-pool-config.js';
import { TeacherPool, type StructuredOutputMemory, type TeacherClient } from '../llm/index.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import type { PipelineListener } from './events.js';
import { DistillError } from '../core/distill-error.js';
import { PacedChecks } from './paced-checks.js';
import { Spending } from './spending.js';
import { projectStructuredOutput } from './structured-output-file.js';

/** Requests for a list (tags, questions): the first plus re-asks after a broken or short answer. */
export const LIST_ATTEMPTS = 4;

/** Everything a generation run shares: one store, one teacher pool, one budget. */
export interface GenerationContext {
  store: ProjectStoreApi;
  /** The teachers; each bounds its own requests in flight. */
  pool: TeacherPool;
  emit: PipelineListener;
  /** Aborted by the caller (Ctrl-C) or by `stop`. */
  signal: AbortSignal;
  /** Ends the run: queued requests are not sent, requests in flight are cancelled. */
  stop(reason: Error): void;
  failures: FailureTracker;
  spending: Spending;
  /** The checks engine's look at a tag whose candidates were appended, paced (see PacedChecks); null without one. */
  checks: PacedChecks | null;
  /** What `auto` structured output learned about the endpoints (kept in the project's cache). */
  structuredOutput: StructuredOutputMemory;
}

export interface GenerationContextOptions {
  store: ProjectStoreApi;
  /** The run's teachers; or `client`, which becomes a pool of the project's first teacher. */
  pool?: TeacherPool;
  client?: TeacherClient;
  /** With `client`: its requests in flight at once (default: the project's). */
  concurrency?: number;
  emit: PipelineListener;
  signal: AbortSignal;
  budget?: number | null;
  /** Checks a tag after candidates of its questions were appended (the checks engine hooks in here). */
  afterCandidates?: (tagId: string) => Promise<void>;
  structuredOutput?: StructuredOutputMemory;
}

export function createGenerationContext(options: GenerationContextOptions): GenerationContext {
  const controller = new AbortController();
  // Every request in flight listens to the run's signal: as many listeners as slots is no leak.
  setMaxListeners(0, controller.signal);
  if (options.signal.aborted) controller.abort(options.signal.reason);
  else options.signal.addEventListener('abort', () => controller.abort(options.signal.reason), { once: true });
  return {
    store: options.store,
    pool: options.pool ?? poolOfClient(options),
    emit: options.emit,
    signal: controller.signal,
    stop: (reason) => controller.abort(reason),
    failures: new FailureTracker(),
    spending: new Spending(options.budget ?? null),
    checks: options.afterCandidates ? new PacedChecks(options.afterCandidates) : null,
    structuredOutput: options.structuredOutput ?? projectStructuredOutput(options.store.cacheDir),
  };
}

function poolOfClient(options: GenerationContextOptions): TeacherPool {
  if (!options.client) throw new Error('createGenerationContext needs a pool or a client');
  const teacher = primaryTeacher(options.store.config);
  const concurrency = options.concurrency ?? teacher.concurrency;
  return TeacherPool.ofClient(
    options.client,
    { ...teacher, concurrency, roles: ['questions', 'answers', 'judge'] },
    streakToDown(concurrency),
  );
}

/** Twice the requests in flight: one unlucky wave of failures is not enough to stop a teacher. */
export function streakToDown(concurrency: number): number {
  return Math.max(10, 2 * concurrency);
}

/** Failures and successes of one run, written to data/failures.json when the run ends. */
export class FailureTracker {
  readonly failed: Failure[] = [];
  readonly succeeded = new Set<string>();

  fail(stage: Stage, target: string, reason: string): void {
    this.failed.push({ stage, target, reason, at: new Date().toISOString(), attempts: 1 });
  }

  succeed(target: string): void {
    this.succeeded.add(target);
  }

  async save(store: ProjectStoreApi): Promise<void> {
    if (this.failed.length === 0 && this.succeeded.size === 0) return;
    await store.updateFailures(this.failed, this.succeeded);
  }
}

/** Thrown to stop a whole run: every further request would fail the same way. */
export class RunStoppedError extends DistillError {
  override name = 'RunStoppedError';
}
