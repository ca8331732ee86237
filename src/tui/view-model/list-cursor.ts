// A selection that follows its item by id when the list changes (new candidates arrive, a
// filter hides the row) and falls back to the same position when the item is gone, so that
// "accept, next" flows naturally under an "unreviewed" filter.

export class ListCursor {
  private id: string | null = null;
  private index = 0;

  /** The selected index in `items` (-1 when empty), re-anchoring on the remembered id. */
  resolve<T>(items: readonly T[], idOf: (item: T) => string): number {
    if (items.length === 0) return -1;
    const atIndex = items[this.index];
    if (atIndex !== undefined && this.id !== null && idOf(atIndex) === this.id) return this.index;
    if (this.id !== null) {
      const found = items.findIndex((item) => idOf(item) === this.id);
      if (found >= 0) {
        this.index = found;
        return found;
      }
    }
    this.index = Math.max(0, Math.min(this.index, items.length - 1));
    this.id = idOf(items[this.index]!);
    return this.index;
  }

  select<T>(items: readonly T[], index: number, idOf: (item: T) => string): void {
    if (items.length === 0) {
      this.index = 0;
      this.id = null;
      return;
    }
    this.index = Math.max(0, Math.min(index, items.length - 1));
    this.id = idOf(items[this.index]!);
  }

  reset(): void {
    this.index = 0;
    this.id = null;
  }
}
