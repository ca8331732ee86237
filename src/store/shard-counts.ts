import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCacheFile } from './jsonl-log.js';
import type { TagCounts } from './store-api.js';

/** Which counters a shard file contributes to its tag. */
export type ShardCounts = Partial<TagCounts>;

export interface ShardKind {
  name: 'questions' | 'candidates' | 'decisions';
  dir: string;
  extension: string;
  /** Reads the whole shard; only called when the cache cannot vouch for it. */
  count(file: string): Promise<ShardCounts>;
}

interface CachedShard {
  size: number;
  mtimeMs: number;
  counts: ShardCounts;
}

interface CountsCacheFile {
  version: 1;
  shards: Record<string, CachedShard>;
}

const EMPTY: TagCounts = { questions: 0, candidates: 0, accepted: 0, rejected: 0 };

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
  /** Entries recorded since the last flush, whose file version is read at flush time. */
  private readonly unstated = new Map<string, { file: string; knownSize: number }>();

  constructor(
    private readonly cacheFile: string,
    private readonly kinds: readonly ShardKind[],
    /** A shard that cannot be counted (corrupt) is reported here and counted as empty until fixed. */
    private readonly warn: (message: string) => void,
  ) {}

  private static key(kind: ShardKind, tagId: string): string {
    return `${kind.name}/${tagId}`;
  }

  /** Stats every shard and recounts those the cache does not vouch for. Returns tag ids whose counts changed. */
  async scan(): Promise<Set<string>> {
    if (this.shards.size === 0) await this.readCache();
    const changed = new Set<string>();
    const seen = new Set<string>();
    for (const kind of this.kinds) {
      const names = await readdir(kind.dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      await forEachBounded(
        names.filter((name) => name.endsWith(kind.extension)),
        RECOUNT_CONCURRENCY,
        async (name) => {
          const tagId = name.slice(0, -kind.extension.length);
          const key = ShardCountIndex.key(kind, tagId);
          seen.add(key);
          const file = join(kind.dir, name);
          const info = await stat(file);
          const cached = this.shards.get(key);
          if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) return;
          // Counts this process recorded itself, not yet stat'ed for the cache: exact while the size matches.
          const recorded = this.unstated.get(key);
          if (cached && recorded && recorded.knownSize === info.size) {
            Object.assign(cached, { size: info.size, mtimeMs: info.mtimeMs });
            this.unstated.delete(key);
            return;
          }
          let counts: ShardCounts;
          try {
            counts = await kind.count(file);
          } catch (error) {
            this.warn(error instanceof Error ? error.message : String(error));
            this.shards.delete(key);
            return;
          }
          this.shards.set(key, { size: info.size, mtimeMs: info.mtimeMs, counts });
          this.dirty = true;
          changed.add(tagId);
        },
      );
    }
    for (const key of [...this.shards.keys()]) {
      if (!seen.has(key)) {
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
  record(kind: ShardKind, tagId: string, counts: ShardCounts, knownSize: number): void {
    this.shards.set(ShardCountIndex.key(kind, tagId), { size: -1, mtimeMs: -1, counts });
    this.unstated.set(ShardCountIndex.key(kind, tagId), { file: join(kind.dir, `${tagId}${kind.extension}`), knownSize });
    this.dirty = true;
  }

  get(tagId: string): TagCounts {
    const total = { ...EMPTY };
    for (const kind of this.kinds) {
      const counts = this.shards.get(ShardCountIndex.key(kind, tagId))?.counts;
      if (!counts) continue;
      for (const [name, value] of Object.entries(counts) as [keyof TagCounts, number][]) total[name] += value;
    }
    return total;
  }

  async flush(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const pending = [...this.unstated];
    this.unstated.clear();
    await Promise.all(
      pending.map(async ([key, { file, knownSize }]) => {
        const entry = this.shards.get(key);
        const info = await stat(file).catch(() => null);
        if (entry && info && info.size === knownSize) Object.assign(entry, { size: info.size, mtimeMs: info.mtimeMs });
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
