/**
 * Near-duplicate questions by MinHash over character 3-gram shingles, with
 * locality-sensitive hashing (16 bands of 4 rows: pairs above about 0.5 Jaccard
 * similarity meet in some bucket), then the exact Jaccard similarity of each
 * candidate pair. Character shingles work for Chinese, which has no spaces, as
 * well as for English. Linear in the number of questions, and incremental:
 * questions are added in order, each compared with those before it, so a
 * project's later questions need only their own work (signatures of earlier
 * ones can come from a cache).
 */
export interface DuplicateMatch {
  /** Index of the earlier question this one most resembles. */
  of: number;
  similarity: number;
}

const SHINGLE = 3;
const BANDS = 16;
const ROWS = 4;
/** Numbers in one question's MinHash signature. */
export const SIGNATURE_LENGTH = BANDS * ROWS;
const MIN_REPORTED_SIMILARITY = 0.5;
const MAX_BUCKET_SCAN = 8;
// Past this, a closer earlier question changes nothing a reviewer would see.
const GOOD_ENOUGH = 0.9;

// Fixed odd multipliers and offsets: one universal hash per MinHash slot.
const MULTIPLIERS = new Uint32Array(SIGNATURE_LENGTH);
const OFFSETS = new Uint32Array(SIGNATURE_LENGTH);
{
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  for (let i = 0; i < SIGNATURE_LENGTH; i++) {
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

/** The sorted distinct shingle hashes of a question. */
export function questionShingles(text: string): Uint32Array {
  const normalized = normalizeQuestion(text);
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

/** The MinHash signature of a shingle set, written into `into` at `offset`. */
export function writeSignature(set: Uint32Array, into: Uint32Array, offset: number): void {
  into.fill(0xffffffff, offset, offset + SIGNATURE_LENGTH);
  for (const shingle of set) {
    for (let h = 0; h < SIGNATURE_LENGTH; h++) {
      const value = (Math.imul(shingle, MULTIPLIERS[h]!) + OFFSETS[h]!) >>> 0;
      if (value < into[offset + h]!) into[offset + h] = value;
    }
  }
}

function bandHash(signatures: Uint32Array, offset: number, band: number): number {
  let hash = 0x811c9dc5 ^ band;
  for (let r = 0; r < ROWS; r++) hash = Math.imul(hash ^ signatures[offset + band * ROWS + r]!, 0x01000193);
  return hash | 0;
}

/**
 * LSH buckets without a million small arrays: an open-addressing table from band
 * key to the latest (question, band) slot, and a chain from each slot to the one
 * before it in the same bucket. Grows as questions are added.
 */
class BucketTable {
  private keys = new Int32Array(1024);
  private heads = new Int32Array(1024).fill(-1);
  private used = 0;
  previous = new Int32Array(1024).fill(-1);

  /** Adds `slot` under `key`; returns the bucket's previous latest slot, or -1 for a new bucket. */
  add(key: number, slot: number): number {
    if ((this.used + 1) * 2 > this.heads.length) this.rehash();
    if (slot >= this.previous.length) this.previous = grown(this.previous, slot + 1, -1);
    const at = this.find(key);
    const latest = this.heads[at]!;
    if (latest === -1) this.used++;
    this.keys[at] = key;
    this.heads[at] = slot;
    this.previous[slot] = latest;
    return latest;
  }

  private find(key: number): number {
    const mask = this.heads.length - 1;
    let at = (Math.imul(key, 0x9e3779b1) >>> 0) & mask;
    while (this.heads[at] !== -1 && this.keys[at] !== key) at = (at + 1) & mask;
    return at;
  }

  private rehash(): void {
    const keys = this.keys;
    const heads = this.heads;
    this.keys = new Int32Array(keys.length * 2);
    this.heads = new Int32Array(heads.length * 2).fill(-1);
    for (let i = 0; i < heads.length; i++) {
      if (heads[i] === -1) continue;
      const at = this.find(keys[i]!);
      this.keys[at] = keys[i]!;
      this.heads[at] = heads[i]!;
    }
  }
}

function grown<T extends Int32Array | Uint32Array>(array: T, needed: number, fill: number): T {
  let length = array.length;
  while (length < needed) length *= 2;
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  next.fill(fill, array.length);
  return next;
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

/**
 * Questions added one after another; each is compared with those added before it.
 * The first of a group of duplicates is never reported: it is the one to keep.
 */
export class DuplicateFinder {
  private signatures = new Uint32Array(SIGNATURE_LENGTH * 1024);
  private readonly texts: string[] = [];
  private readonly buckets = new BucketTable();
  // Every shingle set computed so far, end to end in one pool (no object per question): start and length by question.
  private setPool = new Uint32Array(1 << 16);
  private setPoolUsed = 0;
  private setStart = new Int32Array(1024).fill(-1);
  private setLength = new Int32Array(1024);

  get size(): number {
    return this.texts.length;
  }

  /** The signature of question `index`, for a cache to keep. */
  signature(index: number): Uint32Array {
    return this.signatures.subarray(index * SIGNATURE_LENGTH, (index + 1) * SIGNATURE_LENGTH);
  }

  /**
   * Adds the next question and returns the most similar earlier one (similarity
   * ≥ 0.5), or null. `signature` is the question's cached signature, if known.
   * With `compare: false` it only joins the buckets (an earlier question whose
   * result is already known).
   */
  add(text: string, options: { signature?: Uint32Array; compare?: boolean } = {}): DuplicateMatch | null {
    const index = this.texts.length;
    this.texts.push(text);
    const offset = index * SIGNATURE_LENGTH;
    if (offset + SIGNATURE_LENGTH > this.signatures.length) this.signatures = grown(this.signatures, offset + SIGNATURE_LENGTH, 0);
    let set: Uint32Array | undefined;
    if (options.signature) this.signatures.set(options.signature, offset);
    else writeSignature((set = this.setOf(index)), this.signatures, offset);
    const compare = options.compare ?? true;
    const seen = new Set<number>();
    let best: DuplicateMatch | null = null;
    for (let band = 0; band < BANDS; band++) {
      const latest = this.buckets.add(bandHash(this.signatures, offset, band), index * BANDS + band);
      if (compare && latest >= 0 && (!best || best.similarity < GOOD_ENOUGH)) {
        set ??= this.setOf(index);
        best = this.closestMember(index, set, latest, seen, best);
      }
    }
    return best;
  }

  /** Walks one bucket from its latest member back, at most MAX_BUCKET_SCAN members. */
  private closestMember(
    index: number,
    set: Uint32Array,
    latest: number,
    seen: Set<number>,
    best: DuplicateMatch | null,
  ): DuplicateMatch | null {
    for (let slot = latest, scanned = 0; slot >= 0 && scanned < MAX_BUCKET_SCAN; slot = this.buckets.previous[slot]!, scanned++) {
      const other = Math.floor(slot / BANDS);
      if (seen.has(other)) continue;
      seen.add(other);
      // The estimate is cheap and within about ±0.12 of the truth; only plausible pairs are measured exactly.
      if (this.estimate(index, other) < MIN_REPORTED_SIMILARITY - 0.15) continue;
      const similarity = jaccard(set, this.setOf(other));
      if (similarity >= MIN_REPORTED_SIMILARITY && (!best || similarity > best.similarity)) best = { of: other, similarity };
    }
    return best;
  }

  /** MinHash estimate of the similarity: the share of equal slots. */
  private estimate(a: number, b: number): number {
    let equal = 0;
    const s = this.signatures;
    for (let h = 0, x = a * SIGNATURE_LENGTH, y = b * SIGNATURE_LENGTH; h < SIGNATURE_LENGTH; h++) if (s[x + h] === s[y + h]) equal++;
    return equal / SIGNATURE_LENGTH;
  }

  private setOf(index: number): Uint32Array {
    if (index < this.setStart.length && this.setStart[index]! >= 0) {
      return this.setPool.subarray(this.setStart[index], this.setStart[index]! + this.setLength[index]!);
    }
    const set = questionShingles(this.texts[index]!);
    if (index >= this.setStart.length) {
      this.setStart = grown(this.setStart, index + 1, -1);
      this.setLength = grown(this.setLength, index + 1, 0);
    }
    if (this.setPoolUsed + set.length > this.setPool.length) this.setPool = grown(this.setPool, this.setPoolUsed + set.length, 0);
    this.setPool.set(set, this.setPoolUsed);
    this.setStart[index] = this.setPoolUsed;
    this.setLength[index] = set.length;
    this.setPoolUsed += set.length;
    return set;
  }
}

/** For each question, the most similar earlier question (similarity ≥ 0.5), or null. */
export function findNearDuplicates(questions: readonly string[]): (DuplicateMatch | null)[] {
  const finder = new DuplicateFinder();
  return questions.map((question) => finder.add(question));
}
