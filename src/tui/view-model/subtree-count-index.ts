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

/**
 * One row's figures: its own contribution and its subtree's sums; `unknown` counts the tags in
 * the subtree whose flagged count is not known yet. Kept from pass to pass and updated in place:
 * at 50,000 tags, three maps cleared and filled again per pass cost ten times the walk itself.
 */
interface CountNode {
  own: Own;
  shown: SubtreeCounts;
  flaggedSum: number;
  unknown: number;
  /** The pass that last reached the row (rows of an older pass have left the tree). */
  pass: number;
}

/** Deeper than any real tree; a cycle in tags.json (named by the store) cannot loop for ever. */
const MAX_DEPTH = 64;

function newNode(): CountNode {
  return {
    own: { questions: 0, candidates: 0, accepted: 0, rejected: 0, flagged: 0 },
    shown: { questions: 0, candidates: 0, accepted: 0, rejected: 0, flagged: null },
    flaggedSum: 0,
    unknown: 0,
    pass: 0,
  };
}

export class SubtreeCountIndex {
  private readonly nodes = new Map<string | null, CountNode>();
  private pass = 0;
  /** What the tree shows, per tag (null: the topic); its entries are updated in place. */
  readonly counts = new Map<string | null, SubtreeCounts>();

  constructor(
    private readonly store: TreeSource,
    private readonly flaggedOf: (tagId: string) => number | undefined,
  ) {}

  /** Reads a tag's counters from the store (and its flagged count) into `own`. */
  private readOwn(tagId: string, own: Own): void {
    const counts = this.store.counts(tagId);
    own.questions = counts.questions;
    own.candidates = counts.candidates;
    own.accepted = counts.accepted;
    own.rejected = counts.rejected;
    own.flagged = counts.candidates === 0 ? 0 : this.flaggedOf(tagId);
  }

  /**
   * Every count again, in one pass over the tree (after the tree changed). With `keepCounters`
   * (the tree is the same, only flagged counts changed) each tag's counters are taken from the
   * last pass rather than asked of the store: at 50,000 tags that is most of the pass.
   */
  rebuild(keepCounters = false): void {
    const last = this.pass;
    const pass = ++this.pass;
    let reached = 0;
    const visit = (tagId: string | null, depth: number): CountNode => {
      let node = this.nodes.get(tagId);
      const seenLastPass = node !== undefined && node.pass === last;
      if (!node) {
        node = newNode();
        this.nodes.set(tagId, node);
        this.counts.set(tagId, node.shown);
      }
      reached++;
      node.pass = pass;
      const own = node.own;
      if (tagId !== null) {
        if (keepCounters && seenLastPass) own.flagged = own.candidates === 0 ? 0 : this.flaggedOf(tagId);
        else this.readOwn(tagId, own);
      }
      const shown = node.shown;
      shown.questions = own.questions;
      shown.candidates = own.candidates;
      shown.accepted = own.accepted;
      shown.rejected = own.rejected;
      let flaggedSum = own.flagged ?? 0;
      let unknown = own.flagged === undefined ? 1 : 0;
      if (depth < MAX_DEPTH) {
        for (const child of this.store.children(tagId)) {
          const sub = visit(child.id, depth + 1);
          shown.questions += sub.shown.questions;
          shown.candidates += sub.shown.candidates;
          shown.accepted += sub.shown.accepted;
          shown.rejected += sub.shown.rejected;
          flaggedSum += sub.flaggedSum;
          unknown += sub.unknown;
        }
      }
      node.flaggedSum = flaggedSum;
      node.unknown = unknown;
      shown.flagged = unknown > 0 ? null : flaggedSum;
      return node;
    };
    visit(null, 0);
    // Rows no longer in the tree (removed tags) leave the counts.
    if (reached < this.nodes.size) {
      for (const [tagId, node] of this.nodes) {
        if (node.pass === pass) continue;
        this.nodes.delete(tagId);
        this.counts.delete(tagId);
      }
    }
  }

  /** The own counts of these tags changed: adds the difference to each and its ancestors. */
  update(tagIds: Iterable<string>): void {
    for (const tagId of tagIds) {
      const node = this.nodes.get(tagId);
      // A tag the last pass did not see (just added): the tree changed, count it all again.
      if (!node || node.pass !== this.pass) {
        if (this.store.tag(tagId)) this.rebuild();
        continue;
      }
      const before = { ...node.own };
      const after = node.own;
      this.readOwn(tagId, after);
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
        const sums = this.nodes.get(at);
        if (sums && sums.pass === this.pass) {
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
