/**
 * Near-duplicate questions by MinHash over character 3-gram shingles, with
 * locality-sensitive hashing (16 bands of 4 rows: pairs above about 0.5 Jaccard
 * similarity meet in some bucket), then the exact Jaccard similarity of each
 * candidate pair. Character shingles work for Chinese, which has no spaces, as
 * well as for English. Linear in the number of questions.
 */
export interface DuplicateMatch {
  /** Index of the earlier question this one most resembles. */
  of: number;
  similarity: number;
}

const SHINGLE = 3;
const BANDS = 16;
const ROWS = 4;
const HASHES = BANDS * ROWS;
const MIN_REPORTED_SIMILARITY = 0.5;

// Fixed odd multipliers and offsets: one universal hash per MinHash slot.
const MULTIPLIERS = new Uint32Array(HASHES);
const OFFSETS = new Uint32Array(HASHES);
{
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  for (let i = 0; i < HASHES; i++) {
    MULTIPLIERS[i] = next() | 1;
    OFFSETS[i] = next();
  }
}

/** Text as compared: case, width, spaces and punctuation do not make questions different. */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

function shingles(normalized: string): Uint32Array {
  const set = new Set<number>();
  // Chinese packs a word into one or two characters: bigrams, as 3-grams of English letters.
  const size = isMostlyHan(normalized) ? 2 : SHINGLE;
  if (normalized.length < size) {
    if (normalized.length > 0) set.add(hashString(normalized, 0, normalized.length));
  } else {
    for (let i = 0; i + size <= normalized.length; i++) set.add(hashString(normalized, i, i + size));
  }
  return Uint32Array.from(set).sort();
}

function isMostlyHan(text: string): boolean {
  let han = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x3400 && code <= 0x9fff) han++;
  }
  return han * 3 > text.length;
}

function hashString(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function signature(set: Uint32Array): Uint32Array {
  const minimums = new Uint32Array(HASHES).fill(0xffffffff);
  for (const shingle of set) {
    for (let h = 0; h < HASHES; h++) {
      const value = (Math.imul(shingle, MULTIPLIERS[h]!) + OFFSETS[h]!) >>> 0;
      if (value < minimums[h]!) minimums[h] = value;
    }
  }
  return minimums;
}

const MAX_BUCKET_SCAN = 8;
// Past this, a closer earlier question changes nothing a reviewer would see.
const GOOD_ENOUGH = 0.9;

function bandHash(minimums: Uint32Array, offset: number, band: number): number {
  let hash = 0x811c9dc5 ^ band;
  for (let r = 0; r < ROWS; r++) hash = Math.imul(hash ^ minimums[offset + r]!, 0x01000193);
  return hash | 0;
}

/** Walks one bucket from its latest member back, at most MAX_BUCKET_SCAN members. */
function closestMember(
  index: number,
  data: { sets: readonly Uint32Array[]; signatures: readonly Uint32Array[] },
  buckets: BucketTable,
  latest: number,
  seen: Set<number>,
  best: DuplicateMatch | null,
): DuplicateMatch | null {
  for (let slot = latest, scanned = 0; slot >= 0 && scanned < MAX_BUCKET_SCAN; slot = buckets.previous[slot]!, scanned++) {
    const other = Math.floor(slot / BANDS);
    if (seen.has(other)) continue;
    seen.add(other);
    // The estimate is cheap and within about ±0.12 of the truth; only plausible pairs are measured exactly.
    if (estimate(data.signatures[index]!, data.signatures[other]!) < MIN_REPORTED_SIMILARITY - 0.15) continue;
    const similarity = jaccard(data.sets[index]!, data.sets[other]!);
    if (similarity >= MIN_REPORTED_SIMILARITY && (!best || similarity > best.similarity)) best = { of: other, similarity };
  }
  return best;
}

/**
 * LSH buckets without a million small arrays: an open-addressing table from band
 * key to the latest (question, band) slot, and a chain from each slot to the one
 * before it in the same bucket.
 */
class BucketTable {
  private readonly keys: Int32Array;
  private readonly heads: Int32Array;
  private readonly mask: number;
  readonly previous: Int32Array;

  constructor(slots: number) {
    let capacity = 1024;
    while (capacity < slots * 2) capacity *= 2;
    this.keys = new Int32Array(capacity);
    this.heads = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.previous = new Int32Array(Math.max(1, slots)).fill(-1);
  }

  /** Adds `slot` under `key`; returns the bucket's previous latest slot, or -1 for a new bucket. */
  add(key: number, slot: number): number {
    let at = (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
    while (this.heads[at] !== -1 && this.keys[at] !== key) at = (at + 1) & this.mask;
    const latest = this.heads[at]!;
    this.keys[at] = key;
    this.heads[at] = slot;
    this.previous[slot] = latest;
    return latest;
  }
}

/** Exact Jaccard similarity of two sorted sets of shingle hashes. */
function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** MinHash estimate of the similarity: the share of equal slots. */
function estimate(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let h = 0; h < HASHES; h++) if (a[h] === b[h]) equal++;
  return equal / HASHES;
}

/**
 * For each question, the most similar earlier question (similarity ≥ 0.5), or null.
 * The first of a group of duplicates is never reported: it is the one to keep.
 */
export function findNearDuplicates(questions: readonly string[]): (DuplicateMatch | null)[] {
  const sets = questions.map((question) => shingles(normalizeQuestion(question)));
  const signatures = sets.map(signature);
  const data = { sets, signatures };
  const buckets = new BucketTable(sets.length * BANDS);
  const results: (DuplicateMatch | null)[] = [];
  for (let index = 0; index < sets.length; index++) {
    const seen = new Set<number>();
    let best: DuplicateMatch | null = null;
    for (let band = 0; band < BANDS; band++) {
      const key = bandHash(signatures[index]!, band * ROWS, band);
      const latest = buckets.add(key, index * BANDS + band);
      if (latest >= 0 && (!best || best.similarity < GOOD_ENOUGH)) best = closestMember(index, data, buckets, latest, seen, best);
    }
    results.push(best);
  }
  return results;
}
