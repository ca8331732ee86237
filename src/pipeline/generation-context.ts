import pLimit, { type LimitFunction } from 'p-limit';
import type { Failure, Stage } from '../core/types.js';
import type { StructuredOutputMemory, TeacherClient } from '../llm/index.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import type { PipelineListener } from './events.js';
import { DistillError } from '../core/distill-error.js';
import { projectStructuredOutput } from './structured-output-file.js';

/** Requests for a list (tags, questions): the first plus re-asks after a broken or short answer. */
export const LIST_ATTEMPTS = 4;

/** Everything a generation run shares: one store, one client, one concurrency limit. */
export interface GenerationContext {
  store: ProjectStoreApi;
  client: TeacherClient;
  /** Bounds requests in flight across all stages. */
  limit: LimitFunction;
  emit: PipelineListener;
  /** Aborted by the caller (Ctrl-C) or by `stop`. */
  signal: AbortSignal;
  /** Ends the run: queued requests are not sent, requests in flight are cancelled. */
  stop(reason: Error): void;
  failures: FailureTracker;
  /** Called after a question's candidates were appended (the checks engine hooks in here). */
  afterCandidates?: (tagId: string, questionId: string) => Promise<void>;
  /** What `auto` structured output learned about the endpoints (kept in the project's cache). */
  structuredOutput: StructuredOutputMemory;
}

export function createGenerationContext(options: {
  store: ProjectStoreApi;
  client: TeacherClient;
  emit: PipelineListener;
  signal: AbortSignal;
  concurrency?: number;
  afterCandidates?: GenerationContext['afterCandidates'];
  structuredOutput?: StructuredOutputMemory;
}): GenerationContext {
  const controller = new AbortController();
  if (options.signal.aborted) controller.abort(options.signal.reason);
  else options.signal.addEventListener('abort', () => controller.abort(options.signal.reason), { once: true });
  return {
    store: options.store,
    client: options.client,
    limit: pLimit(options.concurrency ?? options.store.config.concurrency),
    emit: options.emit,
    signal: controller.signal,
    stop: (reason) => controller.abort(reason),
    // Twice the requests in flight: one unlucky wave of failures is not enough to stop a run.
    failures: new FailureTracker(Math.max(10, 2 * (options.concurrency ?? options.store.config.concurrency))),
    ...(options.afterCandidates ? { afterCandidates: options.afterCandidates } : {}),
    structuredOutput: options.structuredOutput ?? projectStructuredOutput(options.store.cacheDir),
  };
}

/**
 * Failures and successes of one run, written to data/failures.json when the
 * run ends. It also notices a teacher that fails everything: after
 * `stopAfter` failures in a row with no success between them, going on would
 * only burn time and requests.
 */
export class FailureTracker {
  readonly failed: Failure[] = [];
  readonly succeeded = new Set<string>();
  private inARow = 0;

  constructor(private readonly stopAfter: number) {}

  fail(stage: Stage, target: string, reason: string): void {
    this.failed.push({ stage, target, reason, at: new Date().toISOString(), attempts: 1 });
    this.inARow++;
    if (this.inARow >= this.stopAfter) {
      throw new RunStoppedError(`${this.inARow} requests in a row failed, the last with: ${reason}`);
    }
  }

  succeed(target: string): void {
    this.succeeded.add(target);
    this.inARow = 0;
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
