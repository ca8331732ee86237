// Wrapped text kept per width, so a keystroke does not wrap a long trace again; huge texts
// are kept as lazy wraps (LazyWrap), read only where they are looked at.
import type { TextSource } from '../core/candidate-text.js';
import { LazyWrap } from './lazy-wrap.js';
import { wrapText } from './wrap-text.js';

/** Texts longer than this are wrapped lazily (LazyWrap), never whole. */
export const LAZY_WRAP_CHARS = 32_768;
const LAZY_CAPACITY = 8;

/**
 * Wrapped lines keyed by (text key, width): a long trace is wrapped once per width,
 * not once per keystroke. Bounded so that browsing thousands of candidates stays flat.
 */
export class WrapCache {
  private readonly entries = new Map<string, string[]>();
  /** Huge texts, wrapped as far as they are read (LazyWrap): a few, each holding a few blocks' lines. */
  private readonly lazyEntries = new Map<string, LazyWrap>();

  constructor(private readonly capacity = 256) {}

  /** `text` produces the (sanitized) text on a miss, so long texts are not rebuilt per call. */
  get(key: string, width: number, text: () => string): string[] {
    const cacheKey = `${width}\u0000${key}`;
    const hit = this.entries.get(cacheKey);
    if (hit) {
      // Refresh recency: Map iteration order is insertion order.
      this.entries.delete(cacheKey);
      this.entries.set(cacheKey, hit);
      return hit;
    }
    const lines = wrapText(text(), width);
    this.entries.set(cacheKey, lines);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return lines;
  }

  /** A huge text (raw: it is sanitized block by block) wrapped lazily at this width. */
  lazy(key: string, width: number, text: TextSource): LazyWrap {
    const cacheKey = `${width}\u0000${key}`;
    let wrap = this.lazyEntries.get(cacheKey);
    if (wrap) this.lazyEntries.delete(cacheKey);
    else wrap = new LazyWrap(text, width);
    this.lazyEntries.set(cacheKey, wrap);
    if (this.lazyEntries.size > LAZY_CAPACITY) this.lazyEntries.delete(this.lazyEntries.keys().next().value!);
    return wrap;
  }

  clear(): void {
    this.entries.clear();
    this.lazyEntries.clear();
  }
}
