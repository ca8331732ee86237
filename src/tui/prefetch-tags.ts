// Flag counts in the tree need each tag's verdicts. A small project has them all read in the
// background (one tag at a time, after the first screen); a large one takes them from the checks'
// summary of the last full run, and from each tag's own verdicts once it is visited.
import type { ScreenTasks } from './screen-tasks.js';
import type { ReviewData } from './view-model/review-data.js';

const PREFETCH_CANDIDATES = 50_000;
/** Below the snapshot cache's size, so prefetching never evicts what it just read. */
const PREFETCH_TAGS = 60;

export function prefetchSmallProject(data: ReviewData, tasks: ScreenTasks): void {
  const store = data.store;
  const checks = data.checks;
  if (!checks) return;
  const tagIds = store
    .tags()
    .filter((tag) => store.counts(tag.id).candidates > 0)
    .map((tag) => tag.id);
  const candidates = tagIds.reduce((sum, id) => sum + store.counts(id).candidates, 0);
  if (tagIds.length > PREFETCH_TAGS || candidates > PREFETCH_CANDIDATES) {
    if (!checks.flaggedCounts) return;
    tasks.runTask(async () => {
      data.setSummaryFlagged(await checks.flaggedCounts!());
      tasks.schedulePaint();
    });
    return;
  }
  tasks.runTask(async () => {
    for (const tagId of tagIds) {
      // A tag that cannot be read does not stop the others' counts. It is forgotten rather than
      // marked failed, so visiting it reads it again and says why in the status bar, as when
      // nothing had prefetched it.
      await data.load(tagId).catch(() => data.forget(tagId));
      tasks.schedulePaint();
    }
  });
}
