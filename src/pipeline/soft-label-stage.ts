import { newGenerationId } from '../core/ids.js';
import type { Candidate, CandidateLogprobs } from '../core/types.js';
import { extractFinalAnswer } from '../checks/answers/extract/final-answer.js';
import type { Completion } from '../llm/index.js';
import { summarizeConfidence } from '../logprobs/confidence-summary.js';
import type { SoftLabelCapture } from '../logprobs/soft-labels.js';
import { LogprobsStore } from '../store/logprobs-store.js';
import type { GenerationContext } from './generation-context.js';

// Where an answer's logprobs go (issue 10): the tokens into the tag's binary sidecar,
// before the candidate line, so a candidate that claims logprobs always has them on disk
// (a kill between the two leaves a frame nobody points to, which costs nothing); a
// summary onto the candidate; and a teacher that cannot give them is told about once.

const stores = new WeakMap<GenerationContext, LogprobsStore>();
const told = new WeakMap<GenerationContext, Set<string>>();

/** The completion's text fields, and its logprobs apart. */
export function splitSoftLabels(reply: Completion): { text: Omit<Completion, 'softLabels'>; capture: SoftLabelCapture | undefined } {
  const { softLabels, ...text } = reply;
  return { text, capture: softLabels };
}

/**
 * Saves the captured logprobs of `candidate` and returns the candidate to append:
 * with its summary and generation id, or with the reason they were dropped.
 */
export async function keepSoftLabels(
  ctx: GenerationContext,
  candidate: Candidate,
  capture: SoftLabelCapture | undefined,
  questionText: string,
): Promise<Candidate> {
  const teacher = candidate.teacher ?? '';
  if (capture?.kind === 'unsupported') {
    tellOnce(ctx, `${teacher}\0unsupported`, candidate, `teacher ${teacher}: ${capture.reason}; going on without log-probabilities`);
  }
  if (capture?.kind === 'dropped') {
    // Once per teacher: a server that gets them wrong gets them wrong every time; each candidate's detail has its reason.
    tellOnce(
      ctx,
      `${teacher}\0dropped`,
      candidate,
      `teacher ${teacher}: logprobs dropped for ${candidate.id} (${capture.reason}); see 'distill show' for others`,
    );
  }
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = new LogprobsStore(ctx.store.dir)));
  return saveSoftLabels(store, candidate, capture, questionText, false);
}

/** Makes the logprobs keepSoftLabels wrote for a tag durable (it only writes them, so a teacher's slot never waits for the disk). */
export async function syncSoftLabels(ctx: GenerationContext, tagId: string): Promise<void> {
  await stores.get(ctx)?.sync(tagId);
}

/**
 * The same for any writer (batch import too): the frame first, then the candidate with its summary.
 * `durable` false: the frame is written, not fsync'd (the caller syncs before saying it is saved).
 */
export async function saveSoftLabels(
  store: LogprobsStore,
  candidate: Candidate,
  capture: SoftLabelCapture | undefined,
  questionText: string,
  durable = true,
): Promise<Candidate> {
  if (!capture || capture.kind === 'unsupported') return candidate;
  if (capture.kind === 'dropped') return { ...candidate, logprobs: { dropped: capture.reason } satisfies CandidateLogprobs };
  const gen = candidate.gen ?? newGenerationId();
  const entries = [{ id: candidate.id, gen, labels: capture.labels }];
  await (durable ? store.append(candidate.tagId, entries) : store.write(candidate.tagId, entries));
  const final = extractFinalAnswer(candidate.answer, questionText);
  const summary = summarizeConfidence(capture.labels, candidate.answer, final.text ? final : null);
  return { ...candidate, gen, logprobs: summary };
}

function tellOnce(ctx: GenerationContext, key: string, candidate: Candidate, message: string): void {
  let teachers = told.get(ctx);
  if (!teachers) told.set(ctx, (teachers = new Set()));
  if (teachers.has(key)) return;
  teachers.add(key);
  ctx.emit({ kind: 'warning', stage: 'answers', target: candidate.id, message });
}
