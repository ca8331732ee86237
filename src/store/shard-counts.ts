import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCacheFile } from './jsonl-log.js';
import type { TagReviewSummary } from '../core/tag-review.js';
import type { TagCounts } from './store-api.js';

/** Which counters a shard file contributes to its tag; the decisions shard adds its review totals. */
export type ShardCounts = Partial<TagCounts> & { review?: TagReviewSummary };

type KindName = 'questions' | 'candidates' | 'decisions';

export interface ShardKind {
  name: KindName;
  dir: string;
  extension: string;
  /**
   * Other shards of the same tag the counts are computed from: the entry is recounted when
   * any of them changes too (whether a decision applies depends on the candidate and the question).
   */
  dependsOn?: readonly KindName[];
  /** Settings the counts depend on (the double-review share): an entry made under others is recounted. */
  basis?: () => string;
  /** Reads the whole shard (and those it depends on); only called when the cache cannot vouch for it. */
  count(file: string, tagId: string): Promise<ShardCounts>;
}

interface FileVersion {
  size: number;
  mtimeMs: number;
}

/** A dependency's version when the counts were computed; null: the file did not exist. */
type DependencyVersions = Partial<Record<KindName, FileVersion | null>>;

interface CachedShard {
  size: number;
  mtimeMs: number;
  counts: ShardCounts;
  deps?: DependencyVersions;
  basis?: string;
}

interface CountsCacheFile {
  version: 1;
  shards: Record<string, CachedShard>;
}

const EMPTY: TagCounts = { questions: 0, candidates: 0, accepted: 0, rejected: 0 };
const COUNTER_NAMES = Object.keys(EMPTY) as (keyof TagCounts)[];

/** Shards recounted at once: enough to overlap I/O, few enough that memory stays flat at any project size. */
const RECOUNT_CONCURRENCY = 4;

/** Runs `work` over `items` with at most `limit` in progress. */
async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Per-tag counters for the whole project without reading every shard: a cache
 * file remembers each shard's counts together with the size and mtime they
 * were computed at, and a shard whose file no longer matches is recounted.
 * Any process may rewrite the cache; a stale or lost entry only costs a recount.
 */
export class ShardCountIndex {
  private readonly shards = new Map<string, CachedShard>();
  private dirty = false;
  /** Entries recorded since the last flush, whose file version (and dependencies') is read at flush time. */
  private readonly unstated = new Map<string, { file: string; knownSize: number; deps: Partial<Record<KindName, number>> }>();

  constructor(
    private readonly cacheFile: string,
    private readonly kinds: readonly ShardKind[],
    /** A shard that cannot be counted (corrupt) is reported here and counted as empty until fixed. */
    private readonly warn: (message: string) => void,
  ) {}

  private static key(kind: ShardKind | KindName, tagId: string): string {
    return `${typeof kind === 'string' ? kind : kind.name}/${tagId}`;
  }

  private fileOf(kind: KindName, tagId: string): string | null {
    const shard = this.kinds.find((candidate) => candidate.name === kind);
    return shard ? join(shard.dir, `${tagId}${shard.extension}`) : null;
  }

  /** Stats every shard and recounts those the cache does not vouch for. Returns tag ids whose counts changed. */
  async scan(): Promise<Set<string>> {
    if (this.shards.size === 0) await this.readCache();
    const changed = new Set<string>();
    // Every file's version first: an entry is checked against its own file and those it depends on.
    const versions = new Map<string, FileVersion>();
    const listed: { kind: ShardKind; tagId: string; file: string }[] = [];
    for (const kind of this.kinds) {
      const names = await readdir(kind.dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      for (const name of names) {
        if (name.endsWith(kind.extension)) listed.push({ kind, tagId: name.slice(0, -kind.extension.length), file: join(kind.dir, name) });
      }
    }
    await forEachBounded(listed, RECOUNT_CONCURRENCY * 4, async ({ kind, tagId, file }) => {
      const info = await stat(file).catch(() => null);
      if (info) versions.set(ShardCountIndex.key(kind, tagId), { size: info.size, mtimeMs: info.mtimeMs });
    });
    const depsOf = (kind: ShardKind, tagId: string): DependencyVersions =>
      Object.fromEntries((kind.dependsOn ?? []).map((dep) => [dep, versions.get(ShardCountIndex.key(dep, tagId)) ?? null]));
    await forEachBounded(listed, RECOUNT_CONCURRENCY, async ({ kind, tagId, file }) => {
      const key = ShardCountIndex.key(kind, tagId);
      const info = versions.get(key);
      if (!info) return;
      const deps = depsOf(kind, tagId);
      const basis = kind.basis?.();
      const cached = this.shards.get(key);
      if (cached && cached.basis !== basis) this.unstated.delete(key);
      else if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs && sameDependencies(cached.deps, deps)) return;
      // Counts this process recorded itself, not yet stat'ed for the cache: exact while the sizes match.
      const recorded = this.unstated.get(key);
      if (cached && cached.basis === basis && recorded && recorded.knownSize === info.size && knownSizesMatch(recorded.deps, deps)) {
        Object.assign(cached, { size: info.size, mtimeMs: info.mtimeMs, ...(kind.dependsOn ? { deps } : {}) });
        this.unstated.delete(key);
        return;
      }
      let counts: ShardCounts;
      try {
        counts = await kind.count(file, tagId);
      } catch (error) {
        this.warn(error instanceof Error ? error.message : String(error));
        this.shards.delete(key);
        return;
      }
      this.shards.set(key, {
        size: info.size,
        mtimeMs: info.mtimeMs,
        counts,
        ...(kind.dependsOn ? { deps } : {}),
        ...(basis === undefined ? {} : { basis }),
      });
      this.dirty = true;
      changed.add(tagId);
    });
    for (const key of [...this.shards.keys()]) {
      if (!versions.has(key)) {
        this.shards.delete(key);
        this.dirty = true;
        changed.add(key.slice(key.indexOf('/') + 1));
      }
    }
    return changed;
  }

  /**
   * Records counts the caller knows to be exact for the first `knownSize` bytes
   * of the shard. They count at once; the file is stat'ed when the cache is
   * written, and if it has grown past `knownSize` by then (another process
   * wrote) the entry is left for the next scan to verify.
   */
  record(
    kind: ShardKind,
    tagId: string,
    counts: ShardCounts,
    knownSize: number,
    knownDependencySizes: Partial<Record<KindName, number>> = {},
  ): void {
    const basis = kind.basis?.();
    this.shards.set(ShardCountIndex.key(kind, tagId), { size: -1, mtimeMs: -1, counts, ...(basis === undefined ? {} : { basis }) });
    this.unstated.set(ShardCountIndex.key(kind, tagId), {
      file: join(kind.dir, `${tagId}${kind.extension}`),
      knownSize,
      deps: knownDependencySizes,
    });
    this.dirty = true;
  }

  get(tagId: string): TagCounts {
    const total = { ...EMPTY };
    for (const kind of this.kinds) {
      const counts = this.shards.get(ShardCountIndex.key(kind, tagId))?.counts;
      if (!counts) continue;
      for (const name of COUNTER_NAMES) total[name] += counts[name] ?? 0;
    }
    return total;
  }

  /** The review totals of a tag's decisions (undefined when it has no journal or it could not be read). */
  review(tagId: string): TagReviewSummary | undefined {
    return this.shards.get(ShardCountIndex.key('decisions', tagId))?.counts.review;
  }

  async flush(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const pending = [...this.unstated];
    this.unstated.clear();
    await Promise.all(
      pending.map(async ([key, { file, knownSize, deps }]) => {
        const entry = this.shards.get(key);
        const info = await stat(file).catch(() => null);
        if (!entry || !info || info.size !== knownSize) return;
        const tagId = key.slice(key.indexOf('/') + 1);
        const versions: DependencyVersions = {};
        for (const [dep, size] of Object.entries(deps) as [KindName, number][]) {
          const depFile = this.fileOf(dep, tagId);
          const depInfo = depFile ? await stat(depFile).catch(() => null) : null;
          // A dependency that moved on since the counts were made: leave the entry for the next scan to recount.
          if ((depInfo?.size ?? 0) !== size) return;
          versions[dep] = depInfo ? { size: depInfo.size, mtimeMs: depInfo.mtimeMs } : null;
        }
        Object.assign(entry, { size: info.size, mtimeMs: info.mtimeMs, ...(Object.keys(deps).length > 0 ? { deps: versions } : {}) });
      }),
    );
    const file: CountsCacheFile = { version: 1, shards: Object.fromEntries(this.shards) };
    await writeCacheFile(this.cacheFile, JSON.stringify(file));
  }

  private async readCache(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.cacheFile, 'utf8');
    } catch {
      return;
    }
    try {
      const parsed = JSON.parse(text) as CountsCacheFile;
      if (parsed.version !== 1 || typeof parsed.shards !== 'object') return;
      for (const [key, value] of Object.entries(parsed.shards)) this.shards.set(key, value);
    } catch {
      // A derived cache: a damaged one is simply rebuilt by recounting.
      this.dirty = true;
    }
  }
}

function sameDependencies(cached: DependencyVersions | undefined, now: DependencyVersions): boolean {
  for (const [dep, version] of Object.entries(now) as [KindName, FileVersion | null][]) {
    const was = cached?.[dep];
    if (was === undefined) return false;
    if (was === null || version === null ? was !== version : was.size !== version.size || was.mtimeMs !== version.mtimeMs) return false;
  }
  return true;
}

function knownSizesMatch(known: Partial<Record<KindName, number>>, now: DependencyVersions): boolean {
  for (const [dep, version] of Object.entries(now) as [KindName, FileVersion | null][]) {
    if ((known[dep] ?? -1) !== (version?.size ?? 0)) return false;
  }
  return true;
}
