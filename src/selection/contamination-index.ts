// Finds which benchmark item a question repeats, two ways (s1 and OpenThoughts): a shared word
// n-gram (n = 8 by default), or a fuzzy ratio of the whole texts at or above a threshold (0.95).
// Fast at 250,000 questions × 10,000 items because nothing is compared pairwise: n-grams are
// looked up in a hash index, and the fuzzy ratio is computed only for the few items that share
// many rare word trigrams with the question and have a length the ratio allows.
import { comparableText, gramHashes, gramLengthFor, wordsOf } from './benchmark-text.js';
import { fuzzyRatioAtLeast } from './fuzzy-ratio.js';

export interface BenchmarkItem {
  /** The benchmark's name for it: its id field, or its position ("#12"). */
  id: string;
  text: string;
}

export interface Benchmark {
  name: string;
  items: BenchmarkItem[];
}

export interface ContaminationSettings {
  ngram: number;
  ratio: number;
}

export const DEFAULT_CONTAMINATION_SETTINGS: ContaminationSettings = { ngram: 8, ratio: 0.95 };

export interface ContaminationMatch {
  benchmark: string;
  item: string;
  /** The benchmark item's text, for the reviewer to read beside the question. */
  text: string;
  /** `ngram`: they share a word n-gram; `fuzzy`: the whole texts are this similar. */
  kind: 'ngram' | 'fuzzy';
  /** The fuzzy ratio of the two texts (0 when below the threshold and matched by an n-gram alone). */
  ratio: number;
  /** The shared n-gram, as words (kind `ngram`). */
  ngram?: string;
}

/** Trigrams in more benchmark items than this say nothing about which item a question repeats. */
const COMMON_TRIGRAM_ITEMS = 32;
/** Fuzzy candidates must share at least this share of the question's informative trigrams. */
const MIN_SHARED_TRIGRAMS = 0.5;
/** Fuzzy ratios computed per question, best-sharing items first. */
const MAX_FUZZY_CANDIDATES = 4;

interface IndexedItem {
  benchmark: string;
  item: BenchmarkItem;
  comparable: string;
}

export class ContaminationIndex {
  private readonly items: IndexedItem[] = [];
  /** Per n-gram length (n, or 2n for Chinese and Japanese items): n-gram hash → the first item holding it. */
  private readonly ngrams = new Map<number, Map<number, number>>();
  /** trigram hash → items holding it (null once it is common). */
  private readonly trigrams = new Map<number, number[] | null>();
  private readonly shared: Int32Array;
  private readonly touched: number[] = [];

  constructor(
    benchmarks: readonly Benchmark[],
    readonly settings: ContaminationSettings = DEFAULT_CONTAMINATION_SETTINGS,
  ) {
    for (const benchmark of benchmarks) {
      for (const item of benchmark.items) {
        const words = wordsOf(item.text);
        if (words.length === 0) continue;
        const index = this.items.length;
        this.items.push({ benchmark: benchmark.name, item, comparable: comparableText(words) });
        const length = gramLengthFor(words, settings.ngram);
        let grams = this.ngrams.get(length);
        if (!grams) this.ngrams.set(length, (grams = new Map<number, number>()));
        for (const hash of gramHashes(words, length)) if (!grams.has(hash)) grams.set(hash, index);
        for (const hash of gramHashes(words, 3)) {
          const holders = this.trigrams.get(hash);
          if (holders === undefined) this.trigrams.set(hash, [index]);
          else if (holders !== null) {
            if (holders.length >= COMMON_TRIGRAM_ITEMS) this.trigrams.set(hash, null);
            else holders.push(index);
          }
        }
      }
    }
    this.shared = new Int32Array(this.items.length);
  }

  get size(): number {
    return this.items.length;
  }

  /** The benchmark item a text repeats, or null. A fuzzy match is preferred (it names the closer item). */
  match(text: string): ContaminationMatch | null {
    const words = wordsOf(text);
    if (words.length === 0) return null;
    const comparable = comparableText(words);
    const fuzzy = this.fuzzyMatch(words, comparable);
    if (fuzzy) return fuzzy;
    for (const [length, index] of this.ngrams) {
      const grams = gramHashes(words, length);
      for (let g = 0; g < grams.length; g++) {
        const found = index.get(grams[g]!);
        if (found === undefined) continue;
        const hit = this.items[found]!;
        const shown = words.length < length ? words : sharedGramWords(words, length, grams[g]!);
        // A hash collision would name an item that shares no words: confirm on the text.
        if (!` ${hit.comparable} `.includes(` ${shown.join(' ')} `)) continue;
        return { benchmark: hit.benchmark, item: hit.item.id, text: hit.item.text, kind: 'ngram', ratio: 0, ngram: shown.join(' ') };
      }
    }
    return null;
  }

  private fuzzyMatch(words: readonly string[], comparable: string): ContaminationMatch | null {
    let informative = 0;
    for (const hash of gramHashes(words, 3)) {
      const holders = this.trigrams.get(hash);
      if (holders === null) continue;
      informative++;
      if (!holders) continue;
      for (const index of holders) {
        if (this.shared[index] === 0) this.touched.push(index);
        this.shared[index] = this.shared[index]! + 1;
      }
    }
    const needed = Math.max(1, Math.ceil(informative * MIN_SHARED_TRIGRAMS));
    const candidates = this.touched.filter((index) => this.shared[index]! >= needed);
    candidates.sort((x, y) => this.shared[y]! - this.shared[x]! || x - y);
    for (const index of this.touched) this.shared[index] = 0;
    this.touched.length = 0;
    let best: ContaminationMatch | null = null;
    for (const index of candidates.slice(0, MAX_FUZZY_CANDIDATES)) {
      const hit = this.items[index]!;
      const ratio = fuzzyRatioAtLeast(comparable, hit.comparable, this.settings.ratio);
      if (ratio > 0 && (!best || ratio > best.ratio)) {
        best = { benchmark: hit.benchmark, item: hit.item.id, text: hit.item.text, kind: 'fuzzy', ratio };
      }
    }
    return best;
  }
}

/** The words of the n-gram with this hash. */
function sharedGramWords(words: readonly string[], n: number, hash: number): string[] {
  for (let start = 0; start + n <= words.length; start++) {
    if (gramHashes(words.slice(start, start + n), n)[0] === hash) return words.slice(start, start + n);
  }
  return [];
}
