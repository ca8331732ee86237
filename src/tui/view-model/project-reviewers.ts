// Who has decided something in the project, for the reviewer filter: from each tag's review
// totals in the counters (nothing is read), this reviewer first, then the others by name.
import { NO_REVIEWER } from '../../core/review-resolution.js';
import type { ProjectStoreApi } from '../../store/store-api.js';

export function projectReviewers(store: Pick<ProjectStoreApi, 'reviewer' | 'tags' | 'reviewSummary'>): string[] {
  const others = new Set<string>();
  for (const tag of store.tags()) {
    for (const name of Object.keys(store.reviewSummary(tag.id)?.reviewers ?? {})) others.add(name);
  }
  // Decisions written before reviewers were recorded carry no name to filter by.
  others.delete(NO_REVIEWER);
  others.delete(store.reviewer);
  return [store.reviewer, ...[...others].sort((a, b) => a.localeCompare(b))];
}
