// Who reviewed what, and how well reviewers agree: for `stats` (and the TUI's stats view later).
// Totals come from the store's counters; agreement per rule reads the checks' verdicts of the
// tags that have pairs of reviews only.
import { loadVerdicts } from '../checks/project/check-project.js';
import { addPair, cohensKappa, emptyTable, type Agreement, type AgreementTable } from '../core/agreement.js';
import type { VoteProblem } from '../core/review-resolution.js';
import { addReviewSummary, emptyReviewSummary, type ReviewerCounts } from '../core/tag-review.js';
import type { ProjectStoreApi } from '../store/store-api.js';

export interface ProjectAgreement extends Agreement {
  /** By tag path ("A > B"), tags with pairs only. */
  perTag: Record<string, Agreement>;
  /** By rule id: the pairs whose candidate the rule flagged. */
  perRule: Record<string, Agreement>;
}

export interface ReviewStats {
  reviewers: Record<string, ReviewerCounts>;
  agreement: ProjectAgreement;
  review: {
    /** Share of questions whose candidates two reviewers are to decide. */
    doubleShare: number;
    /** Candidates whose reviewers disagree, waiting for an adjudicator (distill disagreements). */
    disagreements: number;
    /** Double-reviewed candidates decided by one reviewer so far. */
    awaitingSecond: number;
    /** Decisions not applied: candidate gone, another text under its id, question edited since. */
    setAside: Record<VoteProblem, number>;
  };
}

export async function reviewStats(store: ProjectStoreApi, options: { perRule?: boolean } = {}): Promise<ReviewStats> {
  const total = emptyReviewSummary();
  const perTag: Record<string, Agreement> = {};
  const tablesByRule = new Map<string, AgreementTable>();
  for (const tag of store.tags()) {
    const summary = store.reviewSummary(tag.id);
    if (!summary) continue;
    addReviewSummary(total, summary);
    // The project's pairs are not kept: each tag's are weighed below (no copy of each summary without them).
    total.pairs.length = 0;
    const pairs = summary.pairs;
    if (pairs.length === 0) continue;
    perTag[store.tagPath(tag.id).join(' > ')] = cohensKappa(summary.agreement);
    if (options.perRule === false) continue;
    const verdicts = await loadVerdicts(store, tag.id);
    for (const [id, first, second] of pairs) {
      for (const flag of verdicts.get(id)?.flags ?? []) {
        let table = tablesByRule.get(flag.rule);
        if (!table) tablesByRule.set(flag.rule, (table = emptyTable()));
        addPair(table, first ? 'accepted' : 'rejected', second ? 'accepted' : 'rejected');
      }
    }
  }
  return {
    reviewers: total.reviewers,
    agreement: {
      ...cohensKappa(total.agreement),
      perTag,
      perRule: Object.fromEntries(
        [...tablesByRule].sort(([a], [b]) => a.localeCompare(b)).map(([rule, table]) => [rule, cohensKappa(table)]),
      ),
    },
    review: {
      doubleShare: store.config.review?.doubleShare ?? 0,
      disagreements: total.disagreements,
      awaitingSecond: total.awaitingSecond,
      setAside: total.setAside,
    },
  };
}
