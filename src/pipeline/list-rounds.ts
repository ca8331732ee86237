// The one ask-for-a-list loop of the tags and questions stages. A reply is kept for what it is
// worth: a short list is saved and only the rest is asked for, a long one is cut, repeats of what
// exists are dropped; a reply with nothing usable is re-asked inside askForList.
import type { Stage } from '../core/types.js';
import { askForList, type ChatMessage, type ListItemOf, type ListKind } from '../llm/index.js';
import type { GenerationContext } from './generation-context.js';
import { LIST_ATTEMPTS } from './generation-context.js';
import { totalTokens } from './token-count.js';
import { ShortListError } from './short-list-error.js';

export { ShortListError } from './short-list-error.js';
import { structuredOutputKey } from './structured-output-file.js';
import { costOf } from '../core/teacher-pool-config.js';

/** Requests for one list item at most, whatever the replies; and rounds in a row that add nothing. */
const MAX_ROUNDS = 10;
const MAX_IDLE_ROUNDS = 2;

export interface ListRound<K extends ListKind> {
  messages: ChatMessage[];
  /** Saves the new items among `items` (at most the `ask` of this round); resolves to how many were added. */
  save(items: ListItemOf<K>[]): Promise<number>;
}

export interface ListRoundsSpec<K extends ListKind> {
  stage: Extract<Stage, 'tags' | 'questions'>;
  kind: K;
  target: string;
  label: string;
  /** New items wanted. */
  count: number;
  /** What the items are called in a message: "sub-topics", "questions". */
  noun: string;
  /** Reads what exists now and says how to ask for `ask` more items and how to keep them. */
  nextRound(ask: number): Promise<ListRound<K>>;
}

/**
 * Fills one list item (a tag's sub-tags, a batch of a tag's questions) from the
 * questions teachers of the pool, by weight; resolves to the items added.
 */
export async function fillList<K extends ListKind>(ctx: GenerationContext, spec: ListRoundsSpec<K>): Promise<number> {
  const { config } = ctx.store;
  let added = 0;
  let tokens = 0;
  let latencyMs = 0;
  let cost: number | null = null;
  let teacher = '';
  let idle = 0;
  for (let round = 0; added < spec.count && round < MAX_ROUNDS && idle < MAX_IDLE_ROUNDS && !ctx.signal.aborted; round++) {
    const ask = spec.count - added;
    // The slot is held until the new items are saved (see answer-stage.ts).
    const outcome = await ctx.pool.run('questions', undefined, ctx.signal, async (member) => {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      ctx.spending.check();
      const next = await spec.nextRound(ask);
      ctx.emit({ kind: 'started', stage: spec.stage, target: spec.target, label: spec.label, teacher: member.name });
      // Keyed by the endpoint as configured (not as connected: the offline teacher's port changes each run).
      const memoryKey = structuredOutputKey(member.teacher.baseUrl, member.teacher.questionModel);
      const reply = await askForList(member.client, {
        kind: spec.kind,
        model: member.teacher.questionModel,
        messages: next.messages,
        count: ask,
        maxAttempts: LIST_ATTEMPTS,
        language: config.language,
        temperature: config.temperature,
        signal: ctx.signal,
        structuredOutput: member.teacher.structuredOutput,
        structuredOutputMemory: ctx.structuredOutput,
        structuredOutputKey: memoryKey,
        onRetry: (problem) =>
          ctx.emit({ kind: 'warning', stage: spec.stage, target: spec.target, message: `asked again: ${problem.detail}` }),
        onStructuredOutputFallback: (from, to, message) => {
          if (ctx.structuredOutput.recall(memoryKey) === to) return;
          const then = to === 'off' ? 'asking without structured output' : `using ${to}`;
          ctx.emit({
            kind: 'warning',
            stage: spec.stage,
            target: spec.target,
            message: `the teacher${ctx.pool.members.length > 1 ? ` "${member.name}"` : ''} refused response_format ${from} (${ctx.pool.redact(message)}): ${then} from now on`,
          });
        },
      });
      const replyCost = reply.usage ? costOf(member.teacher.price, reply.usage.promptTokens, reply.usage.completionTokens) : null;
      ctx.spending.add(replyCost);
      return { reply, cost: replyCost, teacher: member.name, added: await next.save(reply.items) };
    });
    added += outcome.added;
    tokens += totalTokens(outcome.reply.usage);
    latencyMs += outcome.reply.latencyMs;
    if (outcome.cost !== null) cost = (cost ?? 0) + outcome.cost;
    teacher = outcome.teacher;
    idle = outcome.added === 0 ? idle + 1 : 0;
  }
  if (ctx.signal.aborted) return added;
  const done = { kind: 'done' as const, stage: spec.stage, target: spec.target, label: spec.label, tokens, latencyMs, teacher };
  if (added > 0) ctx.emit({ ...done, items: added, ...(cost !== null ? { cost } : {}) });
  if (added < spec.count) {
    throw new ShortListError(`the teacher gave only ${added} new distinct ${spec.noun} of ${spec.count} asked for`, spec.count - added);
  }
  return added;
}
