// The worker thread that runs the review screen's slow checks (background-checks.ts): the
// features of a tag nobody has checked (seconds of CPU for huge answers) and the flag spans of a
// long trace (tens of milliseconds). On the screen's thread no key would be answered meanwhile.
// For verdicts it opens the project as a second reader (as `distill check` in another terminal
// would) and writes the tag's feature cache like any check.
import { parentPort } from 'node:worker_threads';
import { loadVerdicts } from '../../checks/project/check-project.js';
import type { Rules } from '../../checks/rules/rules-config.js';
import type { Candidate } from '../../core/types.js';
import { ProjectStore } from '../../store/project-store.js';
import type { CandidateSpans } from '../review-services.js';
import { findCandidateSpans, loadSpanFinders } from './flag-span-service.js';

export type WorkerRequest =
  | { kind: 'verdicts'; id: number; dir: string; reviewer: string; tagId: string; rules: Rules }
  | { kind: 'spans'; id: number; reasoning: string; answer: string; language: string; question: string; fired: string[] };

export type WorkerReply =
  { id: number; verdicts: [string, unknown][] } | { id: number; spans: CandidateSpans } | { id: number; error: string };

let store: ProjectStore | null = null;

async function verdictsOf(request: Extract<WorkerRequest, { kind: 'verdicts' }>): Promise<[string, unknown][]> {
  if (store?.dir !== request.dir) store = await ProjectStore.open(request.dir, { reviewer: request.reviewer });
  // Kept open between requests: it picks up what was written since, as the screen's store does.
  else await store.refresh();
  return [...(await loadVerdicts(store, request.tagId, request.rules))];
}

async function spansOf(request: Extract<WorkerRequest, { kind: 'spans' }>): Promise<CandidateSpans> {
  await loadSpanFinders();
  // The finders read the two texts only.
  const candidate = { reasoning: request.reasoning, answer: request.answer } as Candidate;
  return findCandidateSpans(candidate, request.language, request.question, request.fired);
}

parentPort?.on('message', (request: WorkerRequest) => {
  const work: Promise<WorkerReply> =
    request.kind === 'verdicts'
      ? verdictsOf(request).then((verdicts) => ({ id: request.id, verdicts }))
      : spansOf(request).then((spans) => ({ id: request.id, spans }));
  work.then(
    (reply) => parentPort!.postMessage(reply),
    (error: unknown) =>
      parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
  );
});
