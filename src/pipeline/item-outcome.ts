import type { Stage } from '../core/types.js';
import { describeModelError, ItemFailure, NoTeacherLeftError } from '../llm/index.js';
import { StoreError } from '../store/store-error.js';
import { type GenerationContext, RunStoppedError } from './generation-context.js';
import { ShortListError } from './short-list-error.js';
import { BudgetReachedError } from './spending.js';

/**
 * Runs one generation item. An error that belongs to the item is recorded as
 * its failure and the run goes on; an error that would hit every request (no
 * teacher left, the project's own files failing) stops the run. An item the
 * budget no longer allows is left for a later run.
 */
export async function runItem(
  ctx: GenerationContext,
  stage: Stage,
  target: string,
  label: string,
  work: () => Promise<void>,
  items = 1,
): Promise<void> {
  if (ctx.signal.aborted || ctx.spending.reached) return;
  try {
    await work();
    ctx.failures.succeed(target);
  } catch (error) {
    if (ctx.signal.aborted || error instanceof BudgetReachedError) return;
    try {
      recordFailure(ctx, stage, target, label, error, items);
    } catch (stopping) {
      // Whatever stops the run stops all of it: queued requests must not go out.
      ctx.stop(stopping as Error);
      throw stopping;
    }
  }
}

/** Records the item's failure, or throws when the error should stop the whole run. */
function recordFailure(ctx: GenerationContext, stage: Stage, target: string, label: string, error: unknown, items: number): void {
  // The project's own files failing (a full disk, a corrupt shard) stops the run, like a pool with no teacher left.
  if (error instanceof RunStoppedError || error instanceof StoreError) throw error;
  if (error instanceof NoTeacherLeftError) throw new RunStoppedError(ctx.pool.redact(error.message), { cause: error });
  const reason = error instanceof ItemFailure ? error.reason : ctx.pool.redact(describeModelError(error, { baseUrl: '' }));
  const missing = error instanceof ShortListError ? error.missing : items;
  ctx.emit({
    kind: 'failed',
    stage,
    target,
    label,
    reason,
    ...(error instanceof ItemFailure ? { teacher: error.teacher } : {}),
    ...(missing !== 1 ? { items: missing } : {}),
  });
  ctx.failures.fail(stage, target, reason);
}

export { totalTokens } from './token-count.js';
