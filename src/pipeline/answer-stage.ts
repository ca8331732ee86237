import { isStaleCandidate, questionTextHash } from '../core/candidate-identity.js';
import { candidateId } from '../core/ids.js';
import { costOf, logprobsRequest } from '../core/teacher-pool-config.js';
import { samplesToFill } from '../core/samples-to-fill.js';
import type { Candidate, Question } from '../core/types.js';
import { buildAnswerMessages, SAMPLE_HEADER, SIZE_LIMIT_FINISH, type PoolMember } from '../llm/index.js';
import type { GenerationContext } from './generation-context.js';
import { runItem, totalTokens } from './item-outcome.js';
import { questionLabel } from './progress-label.js';
import { keepSoftLabels, splitSoftLabels, syncSoftLabels } from './soft-label-stage.js';

/** Sample indexes the question still needs to have k candidates that answer its current text (see samplesToFill). */
export async function missingSamples(ctx: GenerationContext, question: Question, k: number): Promise<number[]> {
  const existing = (await ctx.store.candidatesOf(question.id)).map((candidate) => ({
    sample: candidate.sample,
    stale: isStaleCandidate(candidate, question),
  }));
  return samplesToFill(existing, k);
}

/**
 * Makes sure `question` has candidates for samples 0..k-1, asking the teachers
 * only for the missing ones, spread over the answer teachers by weight. Each
 * candidate is written the moment it arrives, so an interruption loses at
 * most the requests in flight. A reply cut off by the token limit (or by the
 * size limit) is kept, and flagged truncated by the checks, not retried.
 */
export async function fillCandidates(ctx: GenerationContext, question: Question, k: number): Promise<void> {
  const samples = await missingSamples(ctx, question, k);
  ctx.emit({ kind: 'skipped', stage: 'answers', count: k - samples.length });
  if (samples.length === 0) return;
  ctx.emit({ kind: 'planned', stage: 'answers', count: samples.length });
  const { config } = ctx.store;
  const label = questionLabel(question.text);
  // Keyed by the text, so the same question gets the same teachers in every project (the demo's flaws
  // land where they did). With no answer teacher left, each item's run() says so and stops the run.
  const owners: (PoolMember | undefined)[] = ctx.pool.live('answers').length > 0 ? ctx.pool.spread(question.text, k) : [];
  await Promise.all(
    samples.map((sample) => {
      const target = candidateId(question.id, sample);
      return runItem(ctx, 'answers', target, label, async () => {
        // A reply is written (to the page cache: a kill -9 cannot lose it) before its request slot
        // takes the next request, and made durable after; the candidate is fsync'd before `done` is
        // said. A kill -9 costs at most the requests in flight.
        const { reply, member, cost } = await ctx.pool.runThenSave(
          'answers',
          owners[sample],
          ctx.signal,
          async (member) => {
            ctx.spending.check();
            ctx.emit({ kind: 'started', stage: 'answers', target, label, teacher: member.name });
            const reply = await member.client.complete({
              model: member.teacher.model,
              messages: buildAnswerMessages({ language: config.language, question: question.text }),
              maxTokens: config.maxTokens,
              temperature: config.temperature,
              headers: { [SAMPLE_HEADER]: String(sample) },
              signal: ctx.signal,
              ...logprobsRequest(member.teacher),
            });
            const cost = reply.usage ? costOf(member.teacher.price, reply.usage.promptTokens, reply.usage.completionTokens) : null;
            ctx.spending.add(cost);
            return { reply, cost };
          },
          async ({ reply, cost }, member) => {
            const { text, capture } = splitSoftLabels(reply);
            const candidate: Candidate = {
              id: target,
              questionId: question.id,
              tagId: question.tagId,
              sample,
              // The text asked, even if a reviewer edits the question before this answer is saved.
              questionHash: questionTextHash(question.text),
              ...text,
              model: reply.model || member.teacher.model,
              teacher: member.name,
              createdAt: new Date().toISOString(),
            };
            const { saved } = await ctx.store.writeCandidates([await keepSoftLabels(ctx, candidate, capture, question.text)]);
            const durable = async () => {
              await Promise.all([saved, syncSoftLabels(ctx, question.tagId)]);
              return { reply, member, cost };
            };
            return { saved: durable() };
          },
        );
        const cutBy = reply.finishReason === 'length' ? 'tokens' : reply.finishReason === SIZE_LIMIT_FINISH ? 'size' : null;
        ctx.emit({
          kind: 'done',
          stage: 'answers',
          target,
          label,
          items: 1,
          tokens: totalTokens(reply.usage),
          latencyMs: reply.latencyMs,
          teacher: member.name,
          ...(cost !== null ? { cost } : {}),
          ...(cutBy ? { truncated: true, cutBy } : {}),
        });
      });
    }),
  );
  if (!ctx.signal.aborted) ctx.checks?.note(question.tagId);
}
