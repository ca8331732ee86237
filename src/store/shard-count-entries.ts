// The counters cache's entries in memory, held per tag: each tag's questions, candidates and
// decisions entries side by side, with the tag's totals beside them. At 50,000 tags the review
// tree and `distill stats` ask every tag's totals; keyed by "kind/tagId" strings, each ask built
// three keys and looked each up in a map of 150,000, which cost more than the rest of the sum.
import type { CandidateProfile } from '../core/candidate-profile.js';
import type { TagReviewSummary } from '../core/tag-review.js';
import type { TagCounts } from './store-api.js';

/**
 * Which counters a shard file contributes to its tag; the decisions shard adds its review totals,
 * the candidates shard its profile (lengths and languages, for the stats view) when it was
 * counted from its records rather than its lines.
 */
export type ShardCounts = Partial<TagCounts> & { review?: TagReviewSummary; profile?: CandidateProfile };

export type KindName = 'questions' | 'candidates' | 'decisions';

export interface FileVersion {
  size: number;
  mtimeMs: number;
}

/** A dependency's version when the counts were computed; null: the file did not exist. */
export type DependencyVersions = Partial<Record<KindName, FileVersion | null>>;

export interface CachedShard {
  size: number;
  mtimeMs: number;
  counts: ShardCounts;
  deps?: DependencyVersions;
  basis?: string;
}

/** One tag's entries; a class, so every slot has one shape (set and read at 150,000 entries on every start). */
class TagSlot {
  questions: CachedShard | undefined = undefined;
  candidates: CachedShard | undefined = undefined;
  decisions: CachedShard | undefined = undefined;
  /** The sum of the entries' counters; dropped when any of them changes. */
  total: TagCounts | undefined = undefined;

  isEmpty(): boolean {
    return !this.questions && !this.candidates && !this.decisions;
  }
}

const KIND_NAMES: readonly KindName[] = ['questions', 'candidates', 'decisions'];

function splitKey(key: string): [KindName, string] {
  const at = key.indexOf('/');
  return [key.slice(0, at) as KindName, key.slice(at + 1)];
}

function isKindName(name: string): name is KindName {
  return name === 'questions' || name === 'candidates' || name === 'decisions';
}

/** The entries, addressed as "kind/tagId" (as the cache file names them) or by kind and tag. */
export class ShardEntries {
  private readonly slots = new Map<string, TagSlot>();
  private count = 0;
  /**
   * Entries read from the cache file but not parsed yet, with each tag's totals beside them:
   * the review's first screen and `stats`' sums need only the totals, so the entries (most of
   * the file, hundreds of thousands of objects at 50,000 tags) are parsed on the first ask for
   * anything else.
   */
  private pending: { load: () => void; totals: DenseTotals; count: number } | null = null;

  /** Entries to parse when first needed (`load` fills this through `set`); `totals` answers until then. */
  setPending(load: () => void, totals: DenseTotals, count: number): void {
    this.clear();
    this.pending = { load, totals, count };
  }

  /** Parses the pending entries, if any. */
  private materialize(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    pending.load();
  }

  get size(): number {
    return this.pending ? this.pending.count : this.count;
  }

  entry(kind: KindName, tagId: string): CachedShard | undefined {
    this.materialize();
    return this.slots.get(tagId)?.[kind];
  }

  get(key: string): CachedShard | undefined {
    const [kind, tagId] = splitKey(key);
    return this.entry(kind, tagId);
  }

  /** Every tag with entries and its totals, as the cache file's header keeps them. */
  denseTotals(): DenseTotals {
    const totals = new DenseTotals();
    for (const tagId of this.tagIds()) totals.add(tagId, this.total(tagId));
    return totals;
  }

  private *tagIds(): Generator<string> {
    this.materialize();
    yield* this.slots.keys();
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, entry: CachedShard): this {
    this.materialize();
    const [kind, tagId] = splitKey(key);
    if (!isKindName(kind)) return this;
    let slot = this.slots.get(tagId);
    if (!slot) this.slots.set(tagId, (slot = new TagSlot()));
    if (!slot[kind]) this.count++;
    slot[kind] = entry;
    slot.total = undefined;
    return this;
  }

  delete(key: string): boolean {
    this.materialize();
    const [kind, tagId] = splitKey(key);
    const slot = this.slots.get(tagId);
    if (!isKindName(kind) || !slot?.[kind]) return false;
    slot[kind] = undefined;
    slot.total = undefined;
    this.count--;
    if (slot.isEmpty()) this.slots.delete(tagId);
    return true;
  }

  clear(): void {
    this.pending = null;
    this.slots.clear();
    this.count = 0;
  }

  /** The tag's counters summed over its entries (a fresh object; zeros when it has none). */
  total(tagId: string): TagCounts {
    if (this.pending) return this.pending.totals.get(tagId);
    const slot = this.slots.get(tagId);
    if (!slot) return { questions: 0, candidates: 0, accepted: 0, rejected: 0 };
    let total = slot.total;
    if (!total) {
      total = { questions: 0, candidates: 0, accepted: 0, rejected: 0 };
      addCounters(total, slot.questions);
      addCounters(total, slot.candidates);
      addCounters(total, slot.decisions);
      slot.total = total;
    }
    return { questions: total.questions, candidates: total.candidates, accepted: total.accepted, rejected: total.rejected };
  }

  /** Every key, tag by tag; a live iterator, as a Map's (entries added later are still reached). */
  *keys(): Generator<string> {
    this.materialize();
    for (const [tagId, slot] of this.slots) {
      for (const kind of KIND_NAMES) if (slot[kind]) yield `${kind}/${tagId}`;
    }
  }

  *[Symbol.iterator](): Generator<[string, CachedShard]> {
    this.materialize();
    for (const [tagId, slot] of this.slots) {
      for (const kind of KIND_NAMES) {
        const entry = slot[kind];
        if (entry) yield [`${kind}/${tagId}`, entry];
      }
    }
  }
}

function addCounters(total: TagCounts, entry: CachedShard | undefined): void {
  if (!entry) return;
  const counts = entry.counts;
  total.questions += counts.questions ?? 0;
  total.candidates += counts.candidates ?? 0;
  total.accepted += counts.accepted ?? 0;
  total.rejected += counts.rejected ?? 0;
}

/** Each tag's four counters in one array of numbers (a tag's at its index times four): no object per tag. */
export class DenseTotals {
  private index: Map<string, number> | null = null;

  constructor(
    readonly tags: string[] = [],
    readonly counters: number[] = [],
  ) {}

  add(tagId: string, counts: TagCounts): void {
    this.tags.push(tagId);
    this.counters.push(counts.questions, counts.candidates, counts.accepted, counts.rejected);
  }

  /** From the cache file's header; null when its arrays do not fit together. */
  static of(tags: unknown, counters: unknown): DenseTotals | null {
    if (!Array.isArray(tags) || !Array.isArray(counters) || counters.length !== tags.length * 4) return null;
    if (!tags.every((tag) => typeof tag === 'string') || !counters.every((value) => typeof value === 'number')) return null;
    return new DenseTotals(tags, counters);
  }

  get(tagId: string): TagCounts {
    if (!this.index) {
      this.index = new Map();
      for (let i = 0; i < this.tags.length; i++) this.index.set(this.tags[i]!, i * 4);
    }
    const at = this.index.get(tagId);
    if (at === undefined) return { questions: 0, candidates: 0, accepted: 0, rejected: 0 };
    const counters = this.counters;
    return { questions: counters[at]!, candidates: counters[at + 1]!, accepted: counters[at + 2]!, rejected: counters[at + 3]! };
  }
}

/** Fields per entry in the cache file's flat form (key, size, mtimeMs, counts, deps or 0, basis or 0). */
export const ENTRY_FIELDS = 6;

/** The cache file's flat entries into `into`; a malformed one throws (the cache is then rebuilt). */
export function readFlatEntries(flat: readonly unknown[], into: ShardEntries): void {
  if (flat.length % ENTRY_FIELDS !== 0) throw new Error('counts cache: truncated entries');
  for (let at = 0; at < flat.length; at += ENTRY_FIELDS) {
    const key = flat[at];
    const size = flat[at + 1];
    const mtimeMs = flat[at + 2];
    const counts = flat[at + 3];
    const deps = flat[at + 4];
    const basis = flat[at + 5];
    if (
      typeof key !== 'string' ||
      typeof size !== 'number' ||
      typeof mtimeMs !== 'number' ||
      typeof counts !== 'object' ||
      counts === null
    ) {
      throw new Error('counts cache: malformed entry');
    }
    const entry: CachedShard = { size, mtimeMs, counts: counts };
    if (deps) entry.deps = deps;
    if (typeof basis === 'string') entry.basis = basis;
    into.set(key, entry);
  }
}

/** Writes the entries in the cache file's flat form. */
export function flatEntries(entries: ShardEntries): unknown[] {
  const flat: unknown[] = [];
  for (const [key, entry] of entries) flat.push(key, entry.size, entry.mtimeMs, entry.counts, entry.deps ?? 0, entry.basis ?? 0);
  return flat;
}
