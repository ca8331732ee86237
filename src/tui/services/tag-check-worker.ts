// The worker thread that rebuilds a tag's checks for the review screen (background-checks.ts):
// extracting the features of a tag nobody has checked costs seconds of CPU for huge answers,
// and on the screen's thread no key would be answered meanwhile. It opens the project as a
// second reader (as `distill check` in another terminal would), writes the tag's feature cache
// like any check, and sends back the verdicts, one request at a time.
import { parentPort } from 'node:worker_threads';
import { loadVerdicts } from '../../checks/project/check-project.js';
import type { Rules } from '../../checks/rules/rules-config.js';
import { ProjectStore } from '../../store/project-store.js';

export interface TagCheckRequest {
  id: number;
  dir: string;
  reviewer: string;
  tagId: string;
  rules: Rules;
}

export type TagCheckReply = { id: number; verdicts: [string, unknown][] } | { id: number; error: string };

let store: ProjectStore | null = null;

async function verdictsOf(request: TagCheckRequest): Promise<[string, unknown][]> {
  if (store?.dir !== request.dir) store = await ProjectStore.open(request.dir, { reviewer: request.reviewer });
  // Kept open between requests: it picks up what was written since, as the screen's store does.
  else await store.refresh();
  return [...(await loadVerdicts(store, request.tagId, request.rules))];
}

parentPort?.on('message', (request: TagCheckRequest) => {
  verdictsOf(request).then(
    (verdicts) => parentPort!.postMessage({ id: request.id, verdicts } satisfies TagCheckReply),
    (error: unknown) =>
      parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies TagCheckReply),
  );
});
