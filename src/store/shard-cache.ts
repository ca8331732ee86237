interface Entry<T> {
  promise: Promise<T>;
  /** Set once the load has finished. */
  value?: T;
}

/**
 * Loaded shards by tag id, least recently used first out. Concurrent requests
 * for the same tag share one load.
 */
export class ShardCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly capacity: number,
    private readonly load: (tagId: string) => Promise<T>,
    /** Releases what a shard holds (an open file) when it leaves memory. */
    private readonly release: (shard: T) => Promise<void> = () => Promise.resolve(),
  ) {}

  get(tagId: string): Promise<T> {
    let entry = this.entries.get(tagId);
    if (entry) {
      this.entries.delete(tagId);
    } else {
      const created: Entry<T> = { promise: this.load(tagId) };
      created.promise.then(
        (value) => {
          created.value = value;
        },
        // A failed load is not kept: the next call tries again (the file may have been fixed).
        () => {
          if (this.entries.get(tagId) === created) this.entries.delete(tagId);
        },
      );
      entry = created;
    }
    this.entries.set(tagId, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      const evicted = this.entries.get(oldest)!;
      this.entries.delete(oldest);
      evicted.promise.then(this.release, () => undefined);
    }
    return entry.promise;
  }

  /**
   * The shard from memory if it is there (not counted as a use), else loaded for this caller
   * alone and released once loaded: a pass over every tag (a full check) does not push the
   * shards a reviewer is moving through out of memory, nor keep a hundred tags' texts alive.
   */
  async getOnce(tagId: string): Promise<T> {
    const entry = this.entries.get(tagId);
    if (entry) return entry.promise;
    const shard = await this.load(tagId);
    await this.release(shard);
    return shard;
  }

  /** Releases every shard in memory (the store is closing). */
  async releaseAll(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(all.map((entry) => entry.promise.then(this.release, () => undefined)));
  }

  /** The shard if it is in memory (a finished load), without counting as a use. */
  peek(tagId: string): T | undefined {
    return this.entries.get(tagId)?.value;
  }

  /** Shards already in memory (finished loads only), for refresh. */
  loaded(): [string, T][] {
    const out: [string, T][] = [];
    for (const [tagId, entry] of this.entries) if (entry.value !== undefined) out.push([tagId, entry.value]);
    return out;
  }
}
