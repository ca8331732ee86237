import { coalescePerKey } from '../../core/coalesce-per-key.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { checkQuestionCandidates } from './check-project.js';

/**
 * The generator's `afterCandidates` hook: brings a tag's feature cache up to
 * date as its questions' candidates arrive, one check per tag at a time.
 * A failing check never fails the generation: it is reported and the next
 * `distill check` redoes it.
 */
export function checkAsGenerated(store: ProjectStoreApi, warn: (message: string) => void): (tagId: string) => Promise<void> {
  const check = coalescePerKey((tagId) => checkQuestionCandidates(store, tagId));
  return async (tagId) => {
    try {
      await check(tagId);
    } catch (error) {
      warn(
        `checking ${store.tagPath(tagId).join(' > ')} failed: ${error instanceof Error ? error.message : String(error)}; run distill check`,
      );
    }
  };
}
