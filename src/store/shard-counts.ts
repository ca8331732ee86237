import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogPosition } from './change-log.js';
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
  version: 1 | 2;
  /** How far the change log had been read when these counts were true (version 2). */
  log?: LogPosition;
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
  /** The log position of the cache file as last read or written: a new one is worth writing even with no new counts. */
  private flushedLog: LogPosition | null = null;
  /** Where the background check of cached entries against their files has got to (a live iterator). */
  private verifyCursor: Iterator<string> = this.shards.keys();
  /** Entries recorded since the last flush, whose file version is read at flush time. */
  private readonly unstated = new Map<string, { file: string; knownSize: number }>();

  constructor(
    private readonly cacheFile: string,
    private readonly kinds: readonly ShardKind[],
    /** A shard that cannot be counted (corrupt) is reported here and counted as empty until fixed. */
    private readonly warn: (problem: unknown) => void,
  ) {}

  private static key(kind: ShardKind, tagId: string): string {
    return `${kind.name}/${tagId}`;
  }

  /** Reads the cache file; returns how far the change log had been read for it (null: it cannot say). */
  async load(): Promise<LogPosition | null> {
    return this.readCache();
  }

  /** Recounts one shard (a change another process noted), or drops it if its file is gone. Returns whether its counts changed. */
  async recount(kind: ShardKind, tagId: string): Promise<boolean> {
    const key = ShardCountIndex.key(kind, tagId);
    const file = join(kind.dir, `${tagId}${kind.extension}`);
    const info = await stat(file).catch(() => null);
    const before = this.shards.get(key);
    this.unstated.delete(key);
    this.dirty = true;
    if (!info) return this.shards.delete(key);
    let counts: ShardCounts;
    try {
      counts = await kind.count(file);
    } catch (error) {
      this.warn(error);
      return this.shards.delete(key);
    }
    this.shards.set(key, { size: info.size, mtimeMs: info.mtimeMs, counts });
    return JSON.stringify(before?.counts) !== JSON.stringify(counts);
  }

  /**
   * Checks a few cached entries against their files (size and mtime), round the whole
   * cache over many calls, and recounts those that differ: catches what no note said
   * (a hand edit, a writer killed between its write and its note) at a cost of `limit` stats.
   */
  async verifySome(limit: number): Promise<Set<string>> {
    const changed = new Set<string>();
    for (let i = 0; i < Math.min(limit, this.shards.size); i++) {
      let next = this.verifyCursor.next();
      if (next.done) {
        this.verifyCursor = this.shards.keys();
        next = this.verifyCursor.next();
        if (next.done) break;
      }
      const key = next.value;
      const entry = this.shards.get(key);
      const kind = this.kinds.find((each) => key.startsWith(`${each.name}/`));
      if (!entry || !kind || this.unstated.has(key)) continue;
      const tagId = key.slice(kind.name.length + 1);
      const info = await stat(join(kind.dir, `${tagId}${kind.extension}`)).catch(() => null);
      if (info && info.size === entry.size && info.mtimeMs === entry.mtimeMs) continue;
      if (await this.recount(kind, tagId)) changed.add(tagId);
    }
    return changed;
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
            this.warn(error);
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

  /**
   * Records counts a caller just read from the whole shard, if the index says otherwise
   * (the file was changed behind distill's back, so no note named it). Returns whether it did.
   */
  correct(kind: ShardKind, tagId: string, counts: ShardCounts, knownSize: number): boolean {
    const current = this.shards.get(ShardCountIndex.key(kind, tagId))?.counts;
    if (current ? JSON.stringify(current) === JSON.stringify(counts) : Object.values(counts).every((value) => !value)) return false;
    this.record(kind, tagId, counts, knownSize);
    return true;
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

  /** Writes the cache, valid as of `log`: a reader replays the notes after it. */
  async flush(log: LogPosition): Promise<void> {
    if (!this.dirty && this.flushedLog?.id === log.id && this.flushedLog.offset === log.offset) return;
    this.flushedLog = log;
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
    const file: CountsCacheFile = { version: 2, log, shards: Object.fromEntries(this.shards) };
    await writeCacheFile(this.cacheFile, JSON.stringify(file));
  }

  private async readCache(): Promise<LogPosition | null> {
    let text: string;
    try {
      text = await readFile(this.cacheFile, 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = JSON.parse(text) as CountsCacheFile;
      if ((parsed.version !== 1 && parsed.version !== 2) || typeof parsed.shards !== 'object') return null;
      for (const [key, value] of Object.entries(parsed.shards)) this.shards.set(key, value);
      // Version 1 (before the change log): its entries still spare a recount where size and mtime match.
      this.flushedLog = parsed.version === 2 && parsed.log ? parsed.log : null;
      return this.flushedLog;
    } catch {
      // A derived cache: a damaged one is simply rebuilt by recounting.
      this.dirty = true;
      return null;
    }
  }
}
