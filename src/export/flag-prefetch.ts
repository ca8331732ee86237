import type { ProjectStoreApi } from '../store/store-api.js';
import type { FlagLookup } from './export-options.js';
import type { TagTask } from './tag-records.js';

/**
 * Flags of the next few tags are asked for while the current one is written, so that reading
 * check results on the main thread does not hold up the workers' output.
 */
export class FlagPrefetch {
  private static readonly AHEAD = 2;
  private readonly requests = new Map<number, Promise<ReadonlyMap<string, readonly string[]>>>();
  private readonly lookup: (tagId: string) => Promise<ReadonlyMap<string, readonly string[]>>;

  constructor(
    lookup: FlagLookup,
    private readonly tasks: readonly TagTask[],
    private readonly store: ProjectStoreApi,
  ) {
    this.lookup = lookup.perExport?.() ?? lookup;
  }

  async take(index: number, needed: boolean): Promise<ReadonlyMap<string, readonly string[]> | undefined> {
    for (let ahead = index + 1; ahead <= index + FlagPrefetch.AHEAD && ahead < this.tasks.length; ahead++) {
      const task = this.tasks[ahead]!;
      if (this.requests.has(ahead) || this.store.counts(task.tagId).accepted === 0) continue;
      const request = this.lookup(task.tagId);
      // A prefetch that fails is reported when its tag is taken, not as an unhandled rejection before.
      request.catch(() => undefined);
      this.requests.set(ahead, request);
    }
    const request = this.requests.get(index);
    this.requests.delete(index);
    if (!needed) return undefined;
    return request ?? this.lookup(this.tasks[index]!.tagId);
  }
}
