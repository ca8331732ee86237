import { costOf } from '../core/teacher-pool-config.js';
import type { Stage } from '../core/types.js';
import { askForList, type AskForListOptions, type ListAnswer, type PoolMember } from '../llm/index.js';
import { type GenerationContext, LIST_ATTEMPTS } from './generation-context.js';

export interface ListRequest<T, R> {
  stage: Stage;
  target: string;
  label: string;
  /** The request as the teacher that takes it should get it (its question model). */
  options: (member: PoolMember) => Omit<AskForListOptions, 'maxAttempts' | 'signal' | 'onRetry'>;
  /** Saves what came back, still inside the teacher's slot (see answer-stage.ts). */
  save: (reply: ListAnswer<T>) => Promise<R>;
}

export interface ListResult<T, R> {
  reply: ListAnswer<T>;
  saved: R;
  member: PoolMember;
  cost: number | null;
}

/**
 * One list (tags or questions) from the next questions teacher by weight:
 * re-asked on a broken or short reply, priced, and saved before its slot is
 * given back.
 */
export async function requestList<T, R>(ctx: GenerationContext, request: ListRequest<T, R>): Promise<ListResult<T, R>> {
  return ctx.pool.run('questions', undefined, ctx.signal, async (member) => {
    ctx.spending.check();
    ctx.emit({ kind: 'started', stage: request.stage, target: request.target, label: request.label, teacher: member.name });
    const reply = await askForList<T>(member.client, {
      ...request.options(member),
      maxAttempts: LIST_ATTEMPTS,
      signal: ctx.signal,
      onRetry: (problem) =>
        ctx.emit({ kind: 'warning', stage: request.stage, target: request.target, message: `asked again: ${problem.detail}` }),
    });
    const cost = reply.usage ? costOf(member.teacher.price, reply.usage.promptTokens, reply.usage.completionTokens) : null;
    ctx.spending.add(cost);
    return { reply, saved: await request.save(reply), member, cost };
  });
}

/** Sums what the rounds of one list item cost, for its `done` event. */
export class ListTally {
  tokens = 0;
  latencyMs = 0;
  cost: number | null = null;
  teacher = '';

  add(result: ListResult<unknown, unknown>): void {
    const usage = result.reply.usage;
    this.tokens += usage ? usage.promptTokens + usage.completionTokens : 0;
    this.latencyMs += result.reply.latencyMs;
    if (result.cost !== null) this.cost = (this.cost ?? 0) + result.cost;
    this.teacher = result.member.name;
  }

  /** The fields of a `done` event. */
  fields(): { tokens: number; latencyMs: number; teacher: string; cost?: number } {
    return { tokens: this.tokens, latencyMs: this.latencyMs, teacher: this.teacher, ...(this.cost !== null ? { cost: this.cost } : {}) };
  }
}
