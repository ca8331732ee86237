import { isStaleCandidate, questionTextHash } from '../core/candidate-identity.js';
import { candidateId } from '../core/ids.js';
import { samplesToFill } from '../core/samples-to-fill.js';
import type { Candidate, Question } from '../core/types.js';
import { buildAnswerMessages, SAMPLE_HEADER } from '../llm/index.js';
import type { GenerationContext } from './generation-context.js';
import { runItem, totalTokens } from './item-outcome.js';

/** Sample indexes the question still needs to have k candidates that answer its current text (see samplesToFill). */
export async function missingSamples(ctx: GenerationContext, question: Question, k: number): Promise<number[]> {
  const existing = (await ctx.store.candidatesOf(question.id)).map((candidate) => ({
    sample: candidate.sample,
    stale: isStaleCandidate(candidate, question),
  }));
  return samplesToFill(existing, k);
}

/**
 * Makes sure `question` has candidates for samples 0..k-1, asking the teacher
 * only for the missing ones. Each candidate is appended the moment it arrives,
 * so an interruption loses at most the requests in flight. A reply cut off by
 * the token limit is kept (and flagged truncated by the checks), not retried.
 */
export async function fillCandidates(ctx: GenerationContext, question: Question, k: number): Promise<void> {
  const samples = await missingSamples(ctx, question, k);
  ctx.emit({ kind: 'skipped', stage: 'answers', count: k - samples.length });
  if (samples.length === 0) return;
  ctx.emit({ kind: 'planned', stage: 'answers', count: samples.length });
  const { config } = ctx.store;
  const label = question.text.length > 60 ? `${question.text.slice(0, 57)}…` : question.text;
  await Promise.all(
    samples.map((sample) => {
      const target = candidateId(question.id, sample);
      return runItem(ctx, 'answers', target, label, config.teacher.model, async () => {
        // The slot is held until the candidate is on disk, so that at any moment at most
        // `concurrency` answers are asked-for but unsaved: all a kill -9 can cost.
        const completion = await ctx.limit(async () => {
          if (ctx.signal.aborted) throw ctx.signal.reason;
          ctx.emit({ kind: 'started', stage: 'answers', target, label });
          const reply = await ctx.client.complete({
            model: config.teacher.model,
            messages: buildAnswerMessages({ language: config.language, question: question.text }),
            maxTokens: config.maxTokens,
            temperature: config.temperature,
            headers: { [SAMPLE_HEADER]: String(sample) },
            signal: ctx.signal,
          });
          const candidate: Candidate = {
            id: target,
            questionId: question.id,
            tagId: question.tagId,
            sample,
            // The text asked, even if a reviewer edits the question before this answer is saved.
            questionHash: questionTextHash(question.text),
            ...reply,
            model: reply.model || config.teacher.model,
            createdAt: new Date().toISOString(),
          };
          await ctx.store.appendCandidates([candidate]);
          return reply;
        });
        ctx.emit({
          kind: 'done',
          stage: 'answers',
          target,
          label,
          items: 1,
          tokens: totalTokens(completion.usage),
          latencyMs: completion.latencyMs,
          ...(completion.finishReason === 'length' ? { truncated: true } : {}),
        });
      });
    }),
  );
  if (ctx.afterCandidates && !ctx.signal.aborted) await ctx.afterCandidates(question.tagId, question.id);
}
