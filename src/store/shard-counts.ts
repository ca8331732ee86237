import { readdirSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogPosition } from './change-log.js';
import { writeCacheFile } from './jsonl-log.js';
import type { TagReviewSummary } from '../core/tag-review.js';
import type { TagCounts } from './store-api.js';
import {
  type CachedShard,
  DenseTotals,
  type DependencyVersions,
  type FileVersion,
  flatEntries,
  type KindName,
  readFlatEntries,
  type ShardCounts,
  ShardEntries,
} from './shard-count-entries.js';

export type { ShardCounts } from './shard-count-entries.js';

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
  /** The same, blocking: a full scan counts thousands of small files, where each async call costs several reads. */
  countSync(file: string, tagId: string): ShardCounts;
}

/**
 * Version 4 is two lines: this header, then version 3's flat entries (`chars` long). The header
 * holds each tag's totals, which is all the review's first screen and `stats`' sums need; the
 * entries are parsed when something else is asked (a recount, a review summary, a write).
 */
interface CountsCacheHeader {
  version: 4;
  log?: LogPosition;
  /** Entries in the second line. */
  count: number;
  /** Length of the second line: a file cut short is known at once, not when its entries are parsed. */
  chars: number;
  tags: string[];
  /** Per tag of `tags`, four numbers: questions, candidates, accepted, rejected. */
  totals: number[];
}

interface CountsCacheFile {
  version: 1 | 2 | 3;
  /** How far the change log had been read when these counts were true (versions 2 and 3). */
  log?: LogPosition;
  /** Versions 1 and 2: the entries by key. */
  shards?: Record<string, CachedShard>;
  /**
   * Version 3: the entries flat, ENTRY_FIELDS values each (key, size, mtimeMs, counts, deps or 0,
   * basis or 0). At 50,000 tags the keyed object took twice as long to parse and as long again
   * to walk (a dictionary of 150,000 keys) as the open of the review screen had for all of it.
   */
  entries?: unknown[];
}

/** Shard files a scan stats or counts between two turns of the event loop (a few milliseconds' work). */
const SCAN_SLICE = 256;

/** Runs blocking `work` over `items`, yielding to the event loop every SCAN_SLICE items. */
async function forEachSlice<T>(items: readonly T[], work: (item: T) => void): Promise<void> {
  for (let from = 0; from < items.length; from += SCAN_SLICE) {
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const item of items.slice(from, from + SCAN_SLICE)) work(item);
  }
}

function statOrNull(file: string): { size: number; mtimeMs: number } | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/**
 * Per-tag counters for the whole project without reading every shard: a cache
 * file remembers each shard's counts together with the size and mtime they
 * were computed at, and a shard whose file no longer matches is recounted.
 * Any process may rewrite the cache; a stale or lost entry only costs a recount.
 */
export class ShardCountIndex {
  private readonly shards = new ShardEntries();
  private dirty = false;
  /** Entries recorded since the last flush, whose file version (and dependencies') is read at flush time. */
  private readonly unstated = new Map<string, { file: string; knownSize: number; deps: Partial<Record<KindName, number>> }>();

  constructor(
    private readonly cacheFile: string,
    private readonly kinds: readonly ShardKind[],
    /** A shard that cannot be counted (corrupt) is reported here and counted as empty until fixed. */
    private readonly warn: (problem: unknown) => void,
  ) {}

  /** The log position of the cache file as last read or written: a new one is worth writing even with no new counts. */
  private flushedLog: LogPosition | null = null;
  /** Where the background check of cached entries against their files has got to (a live iterator). */
  private verifyCursor: Iterator<string> = this.shards.keys();

  /** Shards with cached counts. */
  get size(): number {
    return this.shards.size;
  }

  /** Reads the cache file; returns how far the change log had been read for it (null: it cannot say). */
  async load(): Promise<LogPosition | null> {
    return this.readCache();
  }

  /**
   * Recounts one shard (a change another process noted), or drops it if its file is gone,
   * along with the shards of the tag whose counts depend on it. Returns whether any counts changed.
   */
  async recount(kind: ShardKind, tagId: string): Promise<boolean> {
    let changed = await this.recountOne(kind, tagId);
    for (const dependent of this.kinds) {
      if (dependent.dependsOn?.includes(kind.name) && this.shards.has(ShardCountIndex.key(dependent, tagId))) {
        changed = (await this.recountOne(dependent, tagId)) || changed;
      }
    }
    return changed;
  }

  private async recountOne(kind: ShardKind, tagId: string): Promise<boolean> {
    const key = ShardCountIndex.key(kind, tagId);
    const file = join(kind.dir, `${tagId}${kind.extension}`);
    const info = await stat(file).catch(() => null);
    const before = this.shards.get(key);
    this.unstated.delete(key);
    this.dirty = true;
    if (!info) return this.shards.delete(key);
    const deps: DependencyVersions = {};
    for (const dep of kind.dependsOn ?? []) {
      const depFile = this.fileOf(dep, tagId);
      const depInfo = depFile ? await stat(depFile).catch(() => null) : null;
      deps[dep] = depInfo ? { size: depInfo.size, mtimeMs: depInfo.mtimeMs } : null;
    }
    let counts: ShardCounts;
    try {
      counts = await kind.count(file, tagId);
    } catch (error) {
      this.warn(error);
      return this.shards.delete(key);
    }
    const basis = kind.basis?.();
    this.shards.set(key, {
      size: info.size,
      mtimeMs: info.mtimeMs,
      counts,
      ...(kind.dependsOn ? { deps } : {}),
      ...(basis === undefined ? {} : { basis }),
    });
    return JSON.stringify(before?.counts) !== JSON.stringify(counts);
  }

  /**
   * Checks a few cached entries against their files (size and mtime, and those of the files
   * they depend on), round the whole cache over many calls, and recounts those that differ:
   * catches what no note said (a hand edit, a writer killed between its write and its note)
   * at a cost of a few stats per call.
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
      if (await this.stillMatches(kind, tagId, entry)) continue;
      if (await this.recountOne(kind, tagId)) changed.add(tagId);
    }
    return changed;
  }

  private async stillMatches(kind: ShardKind, tagId: string, entry: CachedShard): Promise<boolean> {
    const info = await stat(join(kind.dir, `${tagId}${kind.extension}`)).catch(() => null);
    if (!info || info.size !== entry.size || info.mtimeMs !== entry.mtimeMs) return false;
    if (!kind.dependsOn) return true;
    const deps: DependencyVersions = {};
    for (const dep of kind.dependsOn) {
      const depFile = this.fileOf(dep, tagId);
      const depInfo = depFile ? await stat(depFile).catch(() => null) : null;
      deps[dep] = depInfo ? { size: depInfo.size, mtimeMs: depInfo.mtimeMs } : null;
    }
    return sameDependencies(entry.deps, deps);
  }

  /**
   * Records counts a caller just read from the whole shard, if the index says otherwise
   * (the file was changed behind distill's back, so no note named it). Returns whether it did.
   */
  correct(kind: ShardKind, tagId: string, counts: ShardCounts, knownSize: number): boolean {
    const current = this.shards.get(ShardCountIndex.key(kind, tagId))?.counts;
    // Only the counters given are compared: what else the entry holds (a profile) stands while they agree.
    const agrees = current
      ? Object.entries(counts).every(([name, value]) => JSON.stringify(current[name as keyof ShardCounts]) === JSON.stringify(value))
      : Object.values(counts).every((value) => !value);
    if (agrees) return false;
    this.record(kind, tagId, counts, knownSize);
    return true;
  }

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
    // Blocking calls, a slice at a time: through the thread pool, each stat or read of a small
    // shard cost several times the call itself (a cold count of 50,000 tags took minutes, not
    // seconds); between slices, timers and keys still run.
    await forEachSlice(listed, ({ kind, tagId, file }) => {
      const info = statOrNull(file);
      if (info) versions.set(ShardCountIndex.key(kind, tagId), { size: info.size, mtimeMs: info.mtimeMs });
    });
    const depsOf = (kind: ShardKind, tagId: string): DependencyVersions =>
      Object.fromEntries((kind.dependsOn ?? []).map((dep) => [dep, versions.get(ShardCountIndex.key(dep, tagId)) ?? null]));
    await forEachSlice(listed, ({ kind, tagId, file }) => {
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
        counts = kind.countSync(file, tagId);
      } catch (error) {
        this.warn(error);
        this.shards.delete(key);
        return;
      }
      this.shards.set(key, countedEntry(kind, info, counts, deps, basis));
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
    return this.shards.total(tagId);
  }

  /** The counts one shard contributes, as cached (undefined when none are). */
  shardCounts(kind: ShardKind, tagId: string): ShardCounts | undefined {
    return this.shards.entry(kind.name, tagId)?.counts;
  }

  /** The review totals of a tag's decisions (undefined when it has no journal or it could not be read). */
  review(tagId: string): TagReviewSummary | undefined {
    return this.shards.entry('decisions', tagId)?.counts.review;
  }

  /** Writes the cache, valid as of `log`: a reader replays the notes after it. */
  async flush(log: LogPosition): Promise<void> {
    if (!this.dirty && this.flushedLog?.id === log.id && this.flushedLog.offset === log.offset) return;
    this.flushedLog = log;
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
    const entries = JSON.stringify(flatEntries(this.shards));
    const totals = this.shards.denseTotals();
    const header: CountsCacheHeader = {
      version: 4,
      ...(log ? { log } : {}),
      count: this.shards.size,
      chars: entries.length,
      tags: totals.tags,
      totals: totals.counters,
    };
    await writeCacheFile(this.cacheFile, `${JSON.stringify(header)}\n${entries}`);
  }

  /** Version 4: the header now, the entries when first needed. */
  private readHeaderFirst(text: string, newline: number): LogPosition | null {
    try {
      const header = JSON.parse(text.slice(0, newline)) as CountsCacheHeader;
      const whole = header.version === 4 && typeof header.count === 'number' && header.chars === text.length - newline - 1;
      const totals = whole ? DenseTotals.of(header.tags, header.totals) : null;
      if (!totals) throw new Error('counts cache: malformed header');
      this.shards.setPending(() => this.readEntries(text.slice(newline + 1)), totals, header.count);
      this.flushedLog = header.log ?? null;
      return this.flushedLog;
    } catch {
      // A derived cache: a damaged one is simply rebuilt by recounting.
      this.shards.clear();
      this.dirty = true;
      return null;
    }
  }

  private readEntries(text: string): void {
    try {
      readFlatEntries(JSON.parse(text) as unknown[], this.shards);
    } catch {
      // Whole, but unreadable (edited by hand): everything is counted again, as when the file is deleted.
      this.shards.clear();
      this.recountAllSync();
    }
  }

  /** Counts every shard from its file, blocking (the entries were asked for by a caller that cannot wait). */
  private recountAllSync(): void {
    for (const kind of this.kinds) {
      let names: string[];
      try {
        names = readdirSync(kind.dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      for (const name of names) {
        if (!name.endsWith(kind.extension)) continue;
        const tagId = name.slice(0, -kind.extension.length);
        const file = join(kind.dir, name);
        const info = statOrNull(file);
        if (!info) continue;
        const deps: DependencyVersions = {};
        for (const dep of kind.dependsOn ?? []) {
          const depFile = this.fileOf(dep, tagId);
          const depInfo = depFile ? statOrNull(depFile) : null;
          deps[dep] = depInfo ? { size: depInfo.size, mtimeMs: depInfo.mtimeMs } : null;
        }
        let counts: ShardCounts;
        try {
          counts = kind.countSync(file, tagId);
        } catch (error) {
          this.warn(error);
          continue;
        }
        const basis = kind.basis?.();
        this.shards.set(ShardCountIndex.key(kind, tagId), countedEntry(kind, info, counts, deps, basis));
      }
    }
    this.dirty = true;
  }

  private async readCache(): Promise<LogPosition | null> {
    let text: string;
    try {
      text = await readFile(this.cacheFile, 'utf8');
    } catch {
      return null;
    }
    const newline = text.indexOf('\n');
    if (newline >= 0) return this.readHeaderFirst(text, newline);
    try {
      const parsed = JSON.parse(text) as CountsCacheFile;
      if (parsed.version === 3 && Array.isArray(parsed.entries)) {
        readFlatEntries(parsed.entries, this.shards);
        this.dirty = true;
      } else if ((parsed.version === 1 || parsed.version === 2) && typeof parsed.shards === 'object' && parsed.shards !== null) {
        for (const [key, value] of Object.entries(parsed.shards)) this.shards.set(key, value);
        // Written again in version 4 at the next flush, which is quicker to read.
        this.dirty = true;
      } else return null;
      // Version 1 (before the change log): its entries still spare a recount where size and mtime match.
      this.flushedLog = parsed.version !== 1 && parsed.log ? parsed.log : null;
      return this.flushedLog;
    } catch {
      // A derived cache: a damaged one is simply rebuilt by recounting.
      this.shards.clear();
      this.dirty = true;
      return null;
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

/** The cache entry of a shard just counted at `info`'s version: its dependencies' versions only for kinds that have some. */
function countedEntry(
  kind: ShardKind,
  info: FileVersion,
  counts: ShardCounts,
  deps: DependencyVersions,
  basis: string | undefined,
): CachedShard {
  return { size: info.size, mtimeMs: info.mtimeMs, counts, ...(kind.dependsOn ? { deps } : {}), ...(basis === undefined ? {} : { basis }) };
}
