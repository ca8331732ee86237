// A full check of a large project allocates far more than it keeps: each tag's candidates are
// parsed, analysed and dropped, and the question index's buffers (hundreds of MB at a million
// candidates) are dropped once it is written. V8 lets its heap grow to a multiple of what is
// live before it collects, so the first check of 1,000,000 candidates peaked at about 1 GB of
// resident memory while keeping under 200 MB live. Collecting when the heap has grown by a
// bounded amount keeps the peak near what is live, for a few tenths of a second per check.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Heap growth (bytes) after which a pass collects. */
const GROWTH_BYTES = 192 * 1024 * 1024;

let collect: (() => void) | null | undefined;

/** V8's own collector, made callable once; null where the runtime refuses (then nothing is forced). */
function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const found: unknown = runInNewContext('gc');
      collect = typeof found === 'function' ? (found as () => void) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Tracks one pass's heap: `now()` collects at once, `step()` only when the heap grew past the bound. */
export class HeapRelease {
  private mark = getHeapStatistics().used_heap_size;

  now(): void {
    collector()?.();
    this.mark = getHeapStatistics().used_heap_size;
  }

  step(): void {
    if (getHeapStatistics().used_heap_size - this.mark > GROWTH_BYTES) this.now();
  }
}
