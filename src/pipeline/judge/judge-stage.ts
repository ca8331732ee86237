// The judge stage (issue 11): every candidate under a tag that passes the cheap rules (or every
// one, with `all`) and has no judgement for its current text is scored by a judge teacher; each
// judgement is appended the moment it arrives, so a run killed at any point loses at most the
// requests in flight, and the next run asks only for what is not stored.
import pLimit from 'p-limit';
import type { StoredJudgement } from '../../core/judgement.js';
import { costOf } from '../../core/teacher-pool-config.js';
import { askForJudgement } from '../../llm/judge-answer.js';
import { buildJudgeMessages } from '../../llm/judge-messages.js';
import { NoTeacherLeftError, type PoolMember } from '../../llm/index.js';
import { JudgementWriter } from '../../store/judgement-store.js';
import { type GenerationContext, LIST_ATTEMPTS, RunStoppedError } from '../generation-context.js';
import { runItem } from '../item-outcome.js';
import { emptyJudgeTally, judgeItemsOfTag, type JudgeItem, type JudgeTally } from './judge-items.js';
import { questionLabel } from '../progress-label.js';
import { structuredOutputKey } from '../structured-output-file.js';
import { totalTokens } from '../token-count.js';

export interface JudgeStageOptions {
  /** Tags to cover (a subtree, or all of the project). */
  tagIds: readonly string[];
  /** Judge with this pool teacher only (whatever its roles); default: the teachers with the judge role, by weight. */
  teacher?: string;
  /** Judge candidates that fail the cheap rules too. */
  all?: boolean;
  /** Whether a candidate passes the rules other than the judge's own; asked only without `all`. */
  passesCheapRules: (tagId: string) => Promise<(candidateId: string) => boolean>;
}

export type { JudgeTally } from './judge-items.js';

export async function runJudgeStage(ctx: GenerationContext, options: JudgeStageOptions): Promise<JudgeTally> {
  const tally = emptyJudgeTally();
  const forced = options.teacher === undefined ? undefined : ctx.pool.members.find((member) => member.name === options.teacher);
  if (options.teacher !== undefined && !forced) throw new RunStoppedError(`the project has no teacher "${options.teacher}"`);
  const judges = forced ? [forced] : ctx.pool.members.filter((member) => member.teacher.roles.includes('judge'));
  // Enough judge calls started to keep every judge's slots full, without a promise per candidate of a big project.
  const window = pLimit(Math.max(4, 2 * judges.reduce((sum, member) => sum + member.teacher.concurrency, 0)));
  const writer = new JudgementWriter(ctx.store.dir);
  try {
    const work: Promise<void>[] = [];
    for (const tagId of options.tagIds) {
      if (ctx.signal.aborted) break;
      const passes = options.all ? null : await options.passesCheapRules(tagId);
      const items = await judgeItemsOfTag(ctx.store, tagId, passes, tally);
      ctx.emit({ kind: 'planned', stage: 'judge', count: items.length });
      tally.asked += items.length;
      for (const item of items) work.push(window(() => judgeOne(ctx, writer, item, forced)));
    }
    ctx.emit({ kind: 'skipped', stage: 'judge', count: tally.alreadyJudged });
    await Promise.all(work);
  } finally {
    await writer.close();
    for (const warning of writer.warnings) ctx.emit({ kind: 'warning', stage: 'judge', target: 'judgements', message: warning });
  }
  return tally;
}

async function judgeOne(ctx: GenerationContext, writer: JudgementWriter, item: JudgeItem, forced: PoolMember | undefined): Promise<void> {
  const { candidate, question } = item;
  const target = candidate.id;
  const label = questionLabel(question.text);
  await runItem(ctx, 'judge', target, label, async () => {
    const outcome = await runOnJudge(ctx, forced, async (member) => {
      if (forced && member !== forced) throw stoppedJudge(forced);
      ctx.spending.check();
      ctx.emit({ kind: 'started', stage: 'judge', target, label, teacher: member.name });
      const memoryKey = structuredOutputKey(member.teacher.baseUrl, member.teacher.model);
      const answer = await askForJudgement(member.client, {
        model: member.teacher.model,
        messages: buildJudgeMessages({
          language: ctx.store.config.language,
          question: question.text,
          reference: question.reference,
          reasoning: candidate.reasoning,
          answer: candidate.answer,
        }),
        maxAttempts: LIST_ATTEMPTS,
        language: ctx.store.config.language,
        signal: ctx.signal,
        structuredOutput: member.teacher.structuredOutput,
        structuredOutputMemory: ctx.structuredOutput,
        structuredOutputKey: memoryKey,
        onRetry: (problem) => ctx.emit({ kind: 'warning', stage: 'judge', target, message: `asked again: ${problem}` }),
        onStructuredOutputFallback: (from, to, message) => {
          if (ctx.structuredOutput.recall(memoryKey) === to) return;
          const then = to === 'off' ? 'asking without structured output' : `using ${to}`;
          ctx.emit({
            kind: 'warning',
            stage: 'judge',
            target,
            message: `the judge "${member.name}" refused response_format ${from} (${ctx.pool.redact(message)}): ${then} from now on`,
          });
        },
      });
      const cost = answer.usage ? costOf(member.teacher.price, answer.usage.promptTokens, answer.usage.completionTokens) : null;
      ctx.spending.add(cost);
      const tokens = totalTokens(answer.usage);
      const judgement: StoredJudgement = {
        id: candidate.id,
        gen: candidate.gen ?? '',
        questionHash: item.questionHash,
        ...answer.reading,
        teacher: member.name,
        model: answer.model || member.teacher.model,
        at: new Date().toISOString(),
        tokens,
        ...(cost !== null ? { cost } : {}),
      };
      // The slot is held until the judgement is on disk: all a kill -9 can cost is the requests in flight.
      await writer.append(candidate.tagId, judgement);
      return { answer, member, cost, tokens };
    });
    ctx.emit({
      kind: 'done',
      stage: 'judge',
      target,
      label,
      items: 1,
      tokens: outcome.tokens,
      latencyMs: outcome.answer.latencyMs,
      teacher: outcome.member.name,
      ...(outcome.cost !== null ? { cost: outcome.cost } : {}),
    });
  });
}

/** A pool run on the judge teachers, or on the one named by --teacher (which then stops the run when it goes down). */
async function runOnJudge<T>(ctx: GenerationContext, forced: PoolMember | undefined, work: (member: PoolMember) => Promise<T>): Promise<T> {
  try {
    return await ctx.pool.run('judge', forced, ctx.signal, work);
  } catch (error) {
    if (forced && error instanceof NoTeacherLeftError) throw stoppedJudge(forced);
    throw error;
  }
}

function stoppedJudge(member: PoolMember): RunStoppedError {
  return new RunStoppedError(`the judge "${member.name}" cannot be used: ${member.down ?? 'it stopped taking work'}`);
}
