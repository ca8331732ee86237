// The tree's per-row subtree counts (a tag's own items plus all its descendants'), kept up to
// date by deltas: a decision or a tag read again changes that tag's own counts, and the change
// is added to it and its ancestors only. At 50,000 tags a full pass costs tens of milliseconds,
// too much for every decision; it runs only when the tree itself changes.
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { SubtreeCounts } from './tree-rows.js';

type TreeSource = Pick<ProjectStoreApi, 'children' | 'counts' | 'tag'>;

/** A tag's own contribution: its counters, and its flagged count (undefined: not known yet). */
interface Own {
  questions: number;
  candidates: number;
  accepted: number;
  rejected: number;
  flagged: number | undefined;
}

/** A subtree's sums; `unknown` counts the tags in it whose flagged count is not known yet. */
interface Sums {
  shown: SubtreeCounts;
  flaggedSum: number;
  unknown: number;
}

/** Deeper than any real tree; a cycle in tags.json (named by the store) cannot loop for ever. */
const MAX_DEPTH = 64;

export class SubtreeCountIndex {
  private readonly own = new Map<string, Own>();
  private readonly sums = new Map<string | null, Sums>();
  /** What the tree shows, per tag (null: the topic); its entries are updated in place. */
  readonly counts = new Map<string | null, SubtreeCounts>();

  constructor(
    private readonly store: TreeSource,
    private readonly flaggedOf: (tagId: string) => number | undefined,
  ) {}

  private ownOf(tagId: string): Own {
    const counts = this.store.counts(tagId);
    return { ...counts, flagged: counts.candidates === 0 ? 0 : this.flaggedOf(tagId) };
  }

  /**
   * Every count again, in one pass over the tree (after the tree changed). With `keepCounters`
   * (the tree is the same, only flagged counts changed) each tag's counters are taken from the
   * last pass rather than asked of the store: at 50,000 tags that is most of the pass.
   */
  rebuild(keepCounters = false): void {
    const before = keepCounters ? new Map(this.own) : null;
    this.own.clear();
    this.sums.clear();
    this.counts.clear();
    const ownNow = (tagId: string): Own => {
      const kept = before?.get(tagId);
      return kept ? { ...kept, flagged: kept.candidates === 0 ? 0 : this.flaggedOf(tagId) } : this.ownOf(tagId);
    };
    const visit = (tagId: string | null, depth: number): Sums => {
      const own: Own = tagId === null ? { questions: 0, candidates: 0, accepted: 0, rejected: 0, flagged: 0 } : ownNow(tagId);
      if (tagId !== null) this.own.set(tagId, own);
      const sums: Sums = {
        shown: { questions: own.questions, candidates: own.candidates, accepted: own.accepted, rejected: own.rejected, flagged: null },
        flaggedSum: own.flagged ?? 0,
        unknown: own.flagged === undefined ? 1 : 0,
      };
      if (depth < MAX_DEPTH) {
        for (const child of this.store.children(tagId)) {
          const sub = visit(child.id, depth + 1);
          sums.shown.questions += sub.shown.questions;
          sums.shown.candidates += sub.shown.candidates;
          sums.shown.accepted += sub.shown.accepted;
          sums.shown.rejected += sub.shown.rejected;
          sums.flaggedSum += sub.flaggedSum;
          sums.unknown += sub.unknown;
        }
      }
      sums.shown.flagged = sums.unknown > 0 ? null : sums.flaggedSum;
      this.sums.set(tagId, sums);
      this.counts.set(tagId, sums.shown);
      return sums;
    };
    visit(null, 0);
  }

  /** The own counts of these tags changed: adds the difference to each and its ancestors. */
  update(tagIds: Iterable<string>): void {
    for (const tagId of tagIds) {
      const before = this.own.get(tagId);
      // A tag the last pass did not see (just added): the tree changed, count it all again.
      if (!before || !this.sums.has(tagId)) {
        if (this.store.tag(tagId)) this.rebuild();
        continue;
      }
      const after = this.ownOf(tagId);
      this.own.set(tagId, after);
      const delta = {
        questions: after.questions - before.questions,
        candidates: after.candidates - before.candidates,
        accepted: after.accepted - before.accepted,
        rejected: after.rejected - before.rejected,
        flaggedSum: (after.flagged ?? 0) - (before.flagged ?? 0),
        unknown: (after.flagged === undefined ? 1 : 0) - (before.flagged === undefined ? 1 : 0),
      };
      if (Object.values(delta).every((value) => value === 0)) continue;
      let at: string | null = tagId;
      for (let depth = 0; depth <= MAX_DEPTH; depth++) {
        const sums = this.sums.get(at);
        if (sums) {
          sums.shown.questions += delta.questions;
          sums.shown.candidates += delta.candidates;
          sums.shown.accepted += delta.accepted;
          sums.shown.rejected += delta.rejected;
          sums.flaggedSum += delta.flaggedSum;
          sums.unknown += delta.unknown;
          sums.shown.flagged = sums.unknown > 0 ? null : sums.flaggedSum;
        }
        if (at === null) break;
        at = this.store.tag(at)?.parentId ?? null;
      }
    }
  }
}
