// The tag tree as rows: the topic first, then tags depth-first with expand/collapse, and
// per-row subtree counts (a tag's own items plus all its descendants').
import type { ProjectStoreApi } from '../../store/store-api.js';

export interface TreeRow {
  /** null for the topic row: the whole project. */
  tagId: string | null;
  depth: number;
  name: string;
  hasChildren: boolean;
  expanded: boolean;
}

export interface SubtreeCounts {
  questions: number;
  candidates: number;
  accepted: number;
  rejected: number;
  /** Candidates with at least one flag, when every tag of the subtree has been checked. */
  flagged: number | null;
}

type TreeSource = Pick<ProjectStoreApi, 'children' | 'counts' | 'config'>;

export function buildTreeRows(store: TreeSource, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [
    { tagId: null, depth: 0, name: store.config.topic, hasChildren: store.children(null).length > 0, expanded: true },
  ];
  const walk = (parentId: string | null, depth: number): void => {
    for (const tag of store.children(parentId)) {
      const hasChildren = store.children(tag.id).length > 0;
      const isExpanded = hasChildren && expanded.has(tag.id);
      rows.push({ tagId: tag.id, depth, name: tag.name, hasChildren, expanded: isExpanded });
      if (isExpanded) walk(tag.id, depth + 1);
    }
  };
  walk(null, 1);
  return rows;
}

/** Subtree counts for every tag and for the topic (key null), in one pass over the tree. */
export function computeSubtreeCounts(
  store: TreeSource,
  flaggedOf: (tagId: string) => number | undefined,
): Map<string | null, SubtreeCounts> {
  const result = new Map<string | null, SubtreeCounts>();
  const visit = (tagId: string | null): SubtreeCounts => {
    const own = tagId === null ? { questions: 0, candidates: 0, accepted: 0, rejected: 0 } : store.counts(tagId);
    const ownFlagged = tagId === null ? 0 : own.candidates === 0 ? 0 : flaggedOf(tagId);
    const total: SubtreeCounts = {
      questions: own.questions,
      candidates: own.candidates,
      accepted: own.accepted,
      rejected: own.rejected,
      flagged: ownFlagged === undefined ? null : ownFlagged,
    };
    for (const child of store.children(tagId)) {
      const sub = visit(child.id);
      total.questions += sub.questions;
      total.candidates += sub.candidates;
      total.accepted += sub.accepted;
      total.rejected += sub.rejected;
      total.flagged = total.flagged === null || sub.flagged === null ? null : total.flagged + sub.flagged;
    }
    result.set(tagId, total);
    return total;
  };
  visit(null);
  return result;
}

/** Tag ids of a subtree, the tag itself first (all tags for null). */
export function subtreeTagIds(store: Pick<ProjectStoreApi, 'children'>, tagId: string | null): string[] {
  const ids: string[] = tagId === null ? [] : [tagId];
  const walk = (parentId: string | null): void => {
    for (const child of store.children(parentId)) {
      ids.push(child.id);
      walk(child.id);
    }
  };
  walk(tagId);
  return ids;
}

/**
 * Matches of the filter per subtree (key null: the whole project), from each tag's own count;
 * null where some tag of the subtree has not been read yet.
 */
export function computeSubtreeMatches(
  store: Pick<ProjectStoreApi, 'children'>,
  ownOf: (tagId: string) => number | undefined,
): Map<string | null, number | null> {
  const result = new Map<string | null, number | null>();
  const visit = (tagId: string | null): number | null => {
    let total: number | null = tagId === null ? 0 : (ownOf(tagId) ?? null);
    for (const child of store.children(tagId)) {
      const sub = visit(child.id);
      total = total === null || sub === null ? null : total + sub;
    }
    result.set(tagId, total);
    return total;
  };
  visit(null);
  return result;
}
