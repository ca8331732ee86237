// The manifest's counts per flag, worked out beside the export instead of in its way: each tag's
// lookup (check results read on the main thread) is queued once the tag is written and runs
// while the next tags are, so the records never wait on it. Lookups run one at a time in tag
// order (they share one reader, see FlagLookup.perExport); the counts are sums, so the order does
// not change them.
import type { FlagLookup } from './export-options.js';
import type { TagSummary } from './tag-records.js';

export class FlagCounts {
  readonly counts: Record<string, number> = {};
  private readonly lookup: (tagId: string) => Promise<ReadonlyMap<string, readonly string[]>>;
  private queue: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  constructor(lookup: FlagLookup) {
    this.lookup = lookup.perExport?.() ?? lookup;
  }

  /** Counts the flags of the tag's exported records, later. */
  add(summary: TagSummary): void {
    const ids = summary.exportedIds;
    if (!ids || ids.length === 0 || this.failure) return;
    this.queue = this.queue
      .then(async () => {
        if (this.failure) return;
        const flags = await this.lookup(summary.tagId);
        for (const id of ids) for (const rule of flags.get(id) ?? []) this.counts[rule] = (this.counts[rule] ?? 0) + 1;
      })
      .catch((error: unknown) => {
        this.failure ??= { error };
      });
  }

  /** The counts, once every tag's are in; rejects with the first lookup's error. */
  async finish(): Promise<Record<string, number>> {
    await this.queue;
    if (this.failure) throw this.failure.error;
    return this.counts;
  }
}
