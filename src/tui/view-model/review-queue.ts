// The review queue across the whole tree: which candidates of each tag match the filter (or
// "needs a look" without one), how many, and the next or previous match anywhere from a given
// place. A tag's matches are worked out once from its snapshot and kept (as ids and display
// positions, not texts) after the snapshot itself is dropped, so walking a large project only
// reads each tag once; tags the counters already rule out are never read.
import type { ReviewData, TagSnapshot } from './review-data.js';
import { type Filter, type FilterField, type FilterItem, type TagTotals, describeFilter, queuePredicate } from './list-filter.js';

export interface QueuePredicate {
  field: FilterField;
  value: string;
  /** Only candidates nobody has decided yet (where the cursor goes after a decision). */
  pendingOnly?: boolean;
}

/** Where a walk starts: a tag, and within it a question or candidate (neither: before the tag's first item). */
export interface QueuePlace {
  tagId: string | null;
  questionId?: string;
  candidateId?: string;
}

export interface QueueHit {
  tagId: string;
  questionId: string;
  candidateId: string;
  /** The walk went past the end (or start) of the tree and came round. */
  wrapped: boolean;
}

interface TagMatch {
  position: number;
  candidateId: string;
  questionId: string;
  /** False: the candidate may match, but that depends on its verdict, which was not read yet. */
  certain: boolean;
}

interface TagMatches {
  source: WeakRef<TagSnapshot>;
  stamp: number;
  /** Matching candidates, ascending by display position (questions in order, then samples). */
  matches: TagMatch[];
  /** Worked out before the verdicts were read: some matches may be uncertain. */
  partial: boolean;
}

const KEPT_PREDICATES = 4;

export class ReviewQueue {
  /** Per predicate key, per tag. */
  private readonly byPredicate = new Map<string, Map<string, TagMatches>>();
  /** Tags changed on disk since their matches were worked out (another process wrote to them). */
  private readonly outdated = new Set<string>();
  /** Bumped whenever some tag's matches are worked out or dropped, so counts recompute. */
  version = 0;
  /** How far the background read of a filter's counts has come, while it runs. */
  progress: { done: number; total: number } | null = null;

  constructor(
    private readonly data: ReviewData,
    /** Every tag id, depth-first in tree order (the topic's children first). */
    private readonly tagOrder: () => readonly string[],
  ) {}

  static predicateOf(filter: Filter): QueuePredicate {
    return queuePredicate(filter);
  }

  private static keyOf(predicate: QueuePredicate): string {
    return `${predicate.field.id}=${predicate.value}${predicate.pendingOnly ? '+pending' : ''}`;
  }

  /** Forgets what is known of tags another process changed; they are read again when needed. */
  invalidate(tagIds: Iterable<string>): void {
    for (const tagId of tagIds) this.outdated.add(tagId);
    this.version++;
  }

  private table(predicate: QueuePredicate): Map<string, TagMatches> {
    const key = ReviewQueue.keyOf(predicate);
    let table = this.byPredicate.get(key);
    if (!table) {
      table = new Map();
      this.byPredicate.set(key, table);
      if (this.byPredicate.size > KEPT_PREDICATES) this.byPredicate.delete(this.byPredicate.keys().next().value!);
    }
    return table;
  }

  /**
   * The tag's matches if they can be known without reading anything. With `partial`, also from a
   * tag read as far as its candidates: matches that depend on verdicts are then marked uncertain.
   */
  private known(predicate: QueuePredicate, tagId: string, partial = false): TagMatches | undefined {
    const table = this.table(predicate);
    const complete = this.data.get(tagId);
    const read = complete ?? (partial ? this.data.partial(tagId) : undefined);
    const snapshot = read && read.stage !== 'questions' ? read : undefined;
    if (this.outdated.has(tagId) && snapshot) {
      // The snapshot was read again after the change: everything worked out from the old one goes.
      for (const other of this.byPredicate.values()) {
        const entry = other.get(tagId);
        if (entry && entry.source.deref() !== snapshot) other.delete(tagId);
      }
      this.outdated.delete(tagId);
    }
    const entry = table.get(tagId);
    if (snapshot) {
      const current = entry && entry.source.deref() === snapshot && entry.stamp === (snapshot.stamp ?? 0) ? entry : undefined;
      if (current && (partial || !current.partial)) return current;
      const fresh = buildMatches(snapshot, predicate, this.flaggedHint(tagId));
      if (!fresh.partial || !entry || entry.partial) table.set(tagId, fresh);
      if (!fresh.partial) this.version++;
      return partial || !fresh.partial ? fresh : undefined;
    }
    return entry && !entry.partial && !this.outdated.has(tagId) ? entry : undefined;
  }

  /**
   * What the last full check says of the tag's flags as a whole, when that settles every
   * candidate: none flagged, or all of them. Lets a walk decide "needs a look" before verdicts.
   */
  private flaggedHint(tagId: string): 'none' | 'all' | undefined {
    const flagged = this.data.flaggedFromSummary(tagId);
    if (flagged === 0) return 'none';
    return flagged !== undefined && flagged === this.data.store.counts(tagId).candidates ? 'all' : undefined;
  }

  /** The tag's own number of matches: exact, or undefined while it has not been read. */
  count(filter: Filter | QueuePredicate, tagId: string): number | undefined {
    const predicate = 'kind' in filter ? queuePredicate(filter) : filter;
    const totals = this.totals(tagId);
    if (totals.candidates === 0) return 0;
    const known = this.known(predicate, tagId);
    if (known) return known.matches.length;
    if (predicate.pendingOnly && totals.candidates - totals.accepted - totals.rejected === 0) return 0;
    return predicate.field.countFromTotals?.(predicate.value, totals);
  }

  private totals(tagId: string): TagTotals {
    const counts = this.data.store.counts(tagId);
    return { ...counts, flagged: this.data.flaggedFromSummary(tagId) };
  }

  /**
   * The first match (direction 1) or the last (-1) of the tag that `pick` allows, reading the tag
   * only as far as it must: its candidates, and its verdicts only when the match found depends
   * on one (a flag filter; a decided candidate with no filter).
   */
  private async hitIn(
    predicate: QueuePredicate,
    tagId: string,
    pick: (matches: readonly TagMatch[], snapshot: TagSnapshot) => TagMatch | undefined,
  ): Promise<TagMatch | undefined> {
    let entry = this.known(predicate, tagId, true);
    if (!entry) {
      if (this.totals(tagId).candidates === 0) return undefined;
      await this.data.readCandidates(tagId);
      entry = this.known(predicate, tagId, true);
    }
    const snapshot = this.data.partial(tagId);
    if (!entry || !snapshot) return (await this.matchesOf(predicate, tagId)) ? this.hitIn(predicate, tagId, pick) : undefined;
    const hit = pick(entry.matches, snapshot);
    if (!hit || hit.certain) return hit;
    // The match depends on a verdict: read them, and pick again among the exact matches.
    const exact = await this.matchesOf(predicate, tagId);
    const complete = this.data.get(tagId);
    return exact && complete ? pick(exact.matches, complete) : undefined;
  }

  /** Reads the tag (if need be) and works out its matches. */
  async matchesOf(predicate: QueuePredicate, tagId: string): Promise<TagMatches | undefined> {
    const known = this.known(predicate, tagId);
    if (known) return known;
    if (this.totals(tagId).candidates === 0) return undefined;
    await this.data.load(tagId);
    return this.known(predicate, tagId);
  }

  /** Tags whose number of matches is not known yet, in tree order (the background fill reads them). */
  unknownTags(filter: Filter): string[] {
    const predicate = queuePredicate(filter);
    return this.tagOrder().filter((tagId) => this.count(predicate, tagId) === undefined);
  }

  /** Describes the predicate for messages ("flag: refusal", "pending or flagged"). */
  static describe(predicate: QueuePredicate): string {
    const base =
      predicate.field.id === 'attention'
        ? 'pending or flagged'
        : describeFilter({ kind: 'match', field: predicate.field.id, value: predicate.value });
    return predicate.pendingOnly && predicate.field.id !== 'attention' ? `pending, ${base}` : base;
  }

  /**
   * The next (direction 1) or previous (-1) matching candidate from `from`, anywhere in the tree,
   * coming round at the end; null when nothing matches.
   */
  async step(predicate: QueuePredicate, from: QueuePlace, direction: 1 | -1, signal?: AbortSignal): Promise<QueueHit | null> {
    const order = this.tagOrder();
    if (order.length === 0) return null;
    const startIndex = from.tagId === null ? -1 : order.indexOf(from.tagId);
    // Within the starting tag: strictly after (or before) the current place.
    if (from.tagId !== null && startIndex >= 0) {
      const hit = await this.hitIn(predicate, from.tagId, (matches, snapshot) => {
        const place = placeIn(snapshot, from);
        return direction === 1 ? matches.find((m) => m.position > place) : findLast(matches, (m) => m.position < place);
      });
      if (hit) return { tagId: from.tagId, questionId: hit.questionId, candidateId: hit.candidateId, wrapped: false };
    }
    // Then the other tags in tree order, coming round; the starting tag last (its other side).
    const origin = startIndex < 0 ? (direction === 1 ? -1 : order.length) : startIndex;
    for (let step = 1; step <= order.length; step++) {
      const raw = origin + direction * step;
      const wrapped = raw < 0 || raw >= order.length;
      const tagId = order[((raw % order.length) + order.length) % order.length]!;
      if (this.count(predicate, tagId) === 0) continue;
      if (signal?.aborted) return null;
      const hit = await this.hitIn(predicate, tagId, (matches) => (direction === 1 ? matches[0] : matches[matches.length - 1]));
      if (hit) return { tagId, questionId: hit.questionId, candidateId: hit.candidateId, wrapped };
    }
    return null;
  }
}

function buildMatches(snapshot: TagSnapshot, predicate: QueuePredicate, flaggedHint?: 'none' | 'all'): TagMatches {
  const matches: TagMatch[] = [];
  // Before its verdicts are read, a tag's matches are exact only where they do not depend on one.
  const partial = snapshot.stage !== undefined && snapshot.stage !== 'complete';
  let next = 0;
  for (const question of snapshot.questions) {
    for (const candidate of snapshot.candidatesByQuestion.get(question.id) ?? []) {
      const here = next++;
      const item: FilterItem = {
        candidate,
        question,
        decision: snapshot.decisions.get(candidate.id),
        check: snapshot.checks?.get(candidate.id),
      };
      if (predicate.pendingOnly && item.decision && item.decision.status !== 'pending') continue;
      let uncertain = partial && (predicate.field.needsVerdict?.(predicate.value, item) ?? false);
      let matched = false;
      if (uncertain && predicate.field.id === 'attention' && flaggedHint) {
        // Pending or flagged: a decided candidate needs a look exactly when its tag is all flagged.
        uncertain = false;
        matched = flaggedHint === 'all';
      } else if (!uncertain) matched = predicate.field.matches(predicate.value, item);
      if (uncertain || matched) matches.push({ position: here, candidateId: candidate.id, questionId: question.id, certain: !uncertain });
    }
  }
  // Positions only, no map of every candidate: kept for every tag walked, so it stays small.
  return { source: new WeakRef(snapshot), stamp: snapshot.stamp ?? 0, matches, partial };
}

/**
 * A place as a display position in its tag: a candidate's own; a question's is just before its
 * first candidate; neither is before the tag's first item.
 */
function placeIn(snapshot: TagSnapshot, from: QueuePlace): number {
  let next = 0;
  let questionStart = -1;
  for (const question of snapshot.questions) {
    if (question.id === from.questionId) questionStart = next;
    for (const candidate of snapshot.candidatesByQuestion.get(question.id) ?? []) {
      if (candidate.id === from.candidateId) return next;
      next++;
    }
  }
  return questionStart >= 0 ? questionStart - 0.5 : -0.5;
}

function findLast<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return items[i];
  return undefined;
}
