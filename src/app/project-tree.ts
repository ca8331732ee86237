// The tag tree with its counts, for `distill tree`: what the review screen's tree shows, for a
// script or a user without a terminal. Counts come from the store's counters (no shard is read);
// flagged counts from the last check's summary where it is current, the checks' verdicts otherwise.
import { loadVerdicts, projectRules, summaryFlaggedCounts } from '../checks/project/check-project.js';
import type { ProjectStoreApi } from '../store/store-api.js';

export interface TreeCounts {
  questions: number;
  candidates: number;
  pending: number;
  accepted: number;
  rejected: number;
  /** Candidates with any flag (soft ones included), as the review tree's ⚑. */
  flagged: number;
}

export interface TreeRow extends TreeCounts {
  id: string;
  /** Names from the top-level tag down, joined with " > " (what --tag takes). */
  path: string;
  name: string;
  /** 1 for a top-level tag. */
  depth: number;
  leaf: boolean;
}

export interface ProjectTree {
  topic: string;
  /** Depth first, in creation order; every row counts its whole subtree. */
  tags: TreeRow[];
  total: TreeCounts;
}

const COUNT_KEYS = ['questions', 'candidates', 'pending', 'accepted', 'rejected', 'flagged'] as const;

function emptyCounts(): TreeCounts {
  return { questions: 0, candidates: 0, pending: 0, accepted: 0, rejected: 0, flagged: 0 };
}

function addCounts(into: TreeCounts, from: TreeCounts): void {
  for (const key of COUNT_KEYS) into[key] += from[key];
}

/** Flagged candidates of one tag: from the summary when current, else from the verdicts. */
async function flaggedOf(store: ProjectStoreApi, tagId: string, fromSummary: ReadonlyMap<string, number>): Promise<number> {
  const known = fromSummary.get(tagId);
  if (known !== undefined) return known;
  let flagged = 0;
  for (const verdict of (await loadVerdicts(store, tagId)).values()) if (verdict.flags.length > 0) flagged++;
  return flagged;
}

export async function projectTree(store: ProjectStoreApi): Promise<ProjectTree> {
  const rules = projectRules(store);
  const fromSummary = await summaryFlaggedCounts(store, rules);
  const own = new Map<string, TreeCounts>();
  for (const tag of store.tags()) {
    const counts = store.counts(tag.id);
    own.set(tag.id, {
      questions: counts.questions,
      candidates: counts.candidates,
      pending: counts.candidates - counts.accepted - counts.rejected,
      accepted: counts.accepted,
      rejected: counts.rejected,
      flagged: counts.candidates > 0 ? await flaggedOf(store, tag.id, fromSummary) : 0,
    });
  }
  const rows: TreeRow[] = [];
  const total = emptyCounts();
  // Returns the subtree's counts after its rows are placed (the tag's own row first).
  const walk = (parentId: string | null, depth: number): TreeCounts => {
    const sum = emptyCounts();
    for (const tag of store.children(parentId)) {
      const row: TreeRow = {
        id: tag.id,
        path: store.tagPath(tag.id).join(' > '),
        name: tag.name,
        depth,
        leaf: store.isLeaf(tag.id),
        ...(own.get(tag.id) ?? emptyCounts()),
      };
      rows.push(row);
      addCounts(row, walk(tag.id, depth + 1));
      addCounts(sum, row);
    }
    return sum;
  };
  addCounts(total, walk(null, 1));
  return { topic: store.config.topic, tags: rows, total };
}
