import type { Change, ChangeKind, ChangeLog, LogPosition } from './change-log.js';
import type { ShardCountIndex } from './shard-counts.js';
import type { ShardKinds } from './shard-kinds.js';

/** Shards recounted at once after the log named them: enough to overlap I/O, few enough to stay flat. */
const RECOUNT_CONCURRENCY = 8;

/** Each shard once, in the order first named. */
function distinct(changes: readonly Change[]): Change[] {
  const seen = new Map<string, Change>();
  for (const change of changes) seen.set(`${change.kind}/${change.tagId}`, change);
  return [...seen.values()];
}

async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * What other processes changed, at a cost that follows the changes: the counters
 * cache says how far the change log had been read when it was written, so opening
 * a project replays only the notes after that, and each refresh reads only the new
 * bytes of the log. Only when the log cannot say (no cache, a deleted or rotated
 * log) is every shard checked, once.
 */
export class ProjectChanges {
  /** The counters reflect every note before this. */
  private counted: LogPosition = { id: null, offset: 0 };
  /** The loaded shards reflect every note before this (refresh reads on from here). */
  private caughtUp: LogPosition = { id: null, offset: 0 };

  constructor(
    private readonly log: ChangeLog,
    private readonly index: ShardCountIndex,
    private readonly kinds: ShardKinds,
    /**
     * Up to this many shards, opening also checks every cached entry against its file (a few
     * milliseconds), so that a file changed behind distill's back (restored from a backup, cut
     * short) is counted at once. Beyond it, the log is trusted and the check runs in the background.
     */
    private readonly verifyAtOpenUpTo: number,
  ) {}

  /** Brings the counters up to date at open. */
  async open(): Promise<void> {
    const cached = await this.index.load();
    const since = cached ? await this.log.readSince(cached) : null;
    if (!since) {
      await this.rescan();
      return;
    }
    if (this.index.size <= this.verifyAtOpenUpTo) await this.index.scan();
    else await this.recount(since.changes);
    this.counted = this.caughtUp = since.position;
  }

  /**
   * Hands the changes others noted since the last look to `apply` (which catches up
   * what is loaded) after recounting them; when the log cannot say, rescans every
   * shard instead and returns the tags whose counts changed.
   */
  async poll(apply: (changes: Change[]) => Promise<void>): Promise<{ rescanned: Set<string> | null }> {
    const since = await this.log.readSince(this.caughtUp);
    if (!since) return { rescanned: await this.rescan() };
    const changes = distinct(since.changes);
    await this.recount(changes);
    await apply(changes);
    this.caughtUp = since.position;
    if (since.position.id === this.counted.id && since.position.offset > this.counted.offset) this.counted = since.position;
    return { rescanned: null };
  }

  /** This process changed a shard (its own counts are already recorded); resolves once noted. */
  note(kind: ChangeKind, tagId: string): Promise<void> {
    return this.log.note(kind, tagId);
  }

  /** Waits for this process's notes to be written. */
  settled(): Promise<void> {
    return this.log.settled();
  }

  /**
   * Writes the counters cache, first counting what others noted since the counters were
   * last brought up to date (this process's own notes are counted already): the next
   * process to open replays only what comes after.
   */
  async flushCounts(): Promise<void> {
    const since = await this.log.readSince(this.counted);
    if (since) {
      await this.recount(since.changes);
      this.counted = since.position;
    }
    await this.index.flush(this.counted);
  }

  private recount(changes: readonly Change[]): Promise<void> {
    return forEachBounded(distinct(changes), RECOUNT_CONCURRENCY, async ({ kind, tagId }) => {
      await this.index.recount(this.kinds[kind], tagId);
    });
  }

  private async rescan(): Promise<Set<string>> {
    // The log's end before the scan: what is noted during it is replayed by the next poll.
    const position = await this.log.position(true);
    const changed = await this.index.scan();
    this.counted = this.caughtUp = position;
    return changed;
  }
}
