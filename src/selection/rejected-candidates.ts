// The candidates a reviewer's decision in effect rejects, read the way the export's workers read
// a tag's review: the journal, each candidate's generation (the first bytes of its line) and the
// questions, never the candidates' texts (a million of them are most of a project's bytes).
import { statSync } from 'node:fs';
import { ProjectLayout } from '../store/project-layout.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { readTagReview } from '../store/tag-review-reader.js';

export class RejectedCandidates {
  private readonly layout: ProjectLayout;
  private readonly doubleShare: number;

  constructor(store: ProjectStoreApi) {
    this.layout = new ProjectLayout(store.dir);
    this.doubleShare = store.config.review?.doubleShare ?? 0;
  }

  /** Ids rejected in the tag; a tag no one has decided on costs one stat. */
  async of(tagId: string): Promise<Set<string>> {
    const rejected = new Set<string>();
    if (!hasJournal(this.layout.decisions(tagId))) return rejected;
    const review = await readTagReview(this.layout, tagId, this.doubleShare);
    for (const [id, decision] of review.decisions) if (decision.status === 'rejected') rejected.add(id);
    return rejected;
  }
}

function hasJournal(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}
