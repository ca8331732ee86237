import type { Stage } from '../core/types.js';
import { describeModelError, isRetryableLater } from '../llm/index.js';
import { StoreError } from '../store/store-error.js';
import { type GenerationContext, RunStoppedError } from './generation-context.js';

/**
 * Runs one generation item. An error that belongs to the item is recorded as
 * its failure and the run goes on; an error that would hit every request (no
 * key, refused key, unknown model, unreachable server) stops the run.
 */
export async function runItem(
  ctx: GenerationContext,
  stage: Stage,
  target: string,
  label: string,
  model: string,
  work: () => Promise<void>,
): Promise<void> {
  if (ctx.signal.aborted) return;
  try {
    await work();
    ctx.failures.succeed(target);
  } catch (error) {
    if (ctx.signal.aborted) return;
    try {
      recordFailure(ctx, stage, target, label, model, error);
    } catch (stopping) {
      // Whatever stops the run stops all of it: queued requests must not go out.
      ctx.stop(stopping as Error);
      throw stopping;
    }
  }
}

/** Records the item's failure, or throws when the error should stop the whole run. */
function recordFailure(ctx: GenerationContext, stage: Stage, target: string, label: string, model: string, error: unknown): void {
  // The project's own files failing (a full disk, a corrupt shard) stops the run, like a refused key.
  if (error instanceof RunStoppedError || error instanceof StoreError) throw error;
  const config = ctx.store.config;
  const reason = describeModelError(error, {
    baseUrl: ctx.client.baseUrl,
    model,
    apiKeyEnv: config.apiKeyEnv,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
  });
  if (!isRetryableLater(error)) throw new RunStoppedError(reason, { cause: error });
  ctx.emit({ kind: 'failed', stage, target, label, reason });
  ctx.failures.fail(stage, target, reason);
}

export function totalTokens(usage: { promptTokens: number; completionTokens: number } | null): number {
  return usage ? usage.promptTokens + usage.completionTokens : 0;
}
