import { crc32 } from 'node:zlib';
import { CorruptCacheError } from './feature-cache-file.js';

/*
 * The last check's verdicts of every rule on every candidate, as one file
 * (cache/checks/rule-masks): per tag, one 32-bit mask per row (bit i: the rule
 * ruleIds[i] fired) and, per rule, the key it was evaluated under (its code and
 * settings, rule-masks.ts). After a threshold change only the rules whose key
 * differs run again; the others' bits are read back from here. A million
 * candidates are 4 MB. Derived data: anything unexpected makes the reader refuse
 * the file, and the next check evaluates every rule again.
 */
const MAGIC = 0x4d545344; // "DSTM"
const VERSION = 1;

/** One tag's masks, valid while its table's source and row count are these. */
export interface TagRuleMasks {
  source: string;
  rows: number;
  /** Per rule (in the file's ruleIds order), the key its bit was evaluated under. */
  keys: readonly string[];
  masks: Uint32Array;
}

export interface RuleMasksFile {
  /** The rules the bits stand for, in bit order. */
  ruleIds: readonly string[];
  tags: Map<string, TagRuleMasks>;
}

interface StoredHeader {
  ruleIds: string[];
  /** Distinct per-tag key lists (most tags share one), each as indices into `keyNames`. */
  keyNames: string[];
  keySets: number[][];
  /** [tagId, source, rows, keySet]; the masks follow in this order. */
  tags: [string, string, number, number][];
  checksum: number;
}

export function encodeRuleMasks(file: RuleMasksFile): Buffer {
  const keyNames: string[] = [];
  const nameIndex = new Map<string, number>();
  const keySets: number[][] = [];
  const setIndex = new Map<string, number>();
  const tags: StoredHeader['tags'] = [];
  let rows = 0;
  for (const [tagId, entry] of file.tags) {
    const set = entry.keys.map((key) => {
      let index = nameIndex.get(key);
      if (index === undefined) nameIndex.set(key, (index = keyNames.push(key) - 1));
      return index;
    });
    const setKey = set.join(',');
    let setAt = setIndex.get(setKey);
    if (setAt === undefined) setIndex.set(setKey, (setAt = keySets.push(set) - 1));
    tags.push([tagId, entry.source, entry.rows, setAt]);
    rows += entry.rows;
  }
  const body = Buffer.allocUnsafe(rows * 4);
  let offset = 0;
  for (const entry of file.tags.values()) {
    body.set(new Uint8Array(entry.masks.buffer, entry.masks.byteOffset, entry.rows * 4), offset);
    offset += entry.rows * 4;
  }
  const header: StoredHeader = { ruleIds: [...file.ruleIds], keyNames, keySets, tags, checksum: crc32(body) };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Buffer.alloc(json.length + ((4 - (json.length % 4)) % 4), 0x20);
  json.copy(padded);
  const prefix = Buffer.alloc(12);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(VERSION, 4);
  prefix.writeUInt32LE(padded.length, 8);
  return Buffer.concat([prefix, padded, body]);
}

/** The masks in `bytes` (read whole); null for another version; throws CorruptCacheError on a damaged file. */
export function decodeRuleMasks(bytes: Buffer, path: string): RuleMasksFile | null {
  const fail = (why: string): never => {
    throw new CorruptCacheError(`${path}: ${why}`);
  };
  if (bytes.length < 12 || bytes.readUInt32LE(0) !== MAGIC) fail('not a distill rule-masks cache');
  if (bytes.readUInt32LE(4) !== VERSION) return null;
  const headerEnd = 12 + bytes.readUInt32LE(8);
  if (headerEnd > bytes.length) fail('truncated header');
  let header: StoredHeader;
  try {
    header = JSON.parse(bytes.subarray(12, headerEnd).toString('utf8')) as StoredHeader;
  } catch {
    return fail('unreadable header');
  }
  if (!Array.isArray(header.ruleIds) || !Array.isArray(header.tags) || !Array.isArray(header.keySets)) fail('unreadable header');
  const body = bytes.subarray(headerEnd);
  const rows = header.tags.reduce((sum, tag) => sum + tag[2], 0);
  if (!Number.isInteger(rows) || body.length !== rows * 4) fail('wrong length');
  if (crc32(body) !== header.checksum) fail('checksum mismatch');
  // One aligned copy of the body: each tag's masks are views over it.
  const all = new Uint32Array(rows);
  new Uint8Array(all.buffer).set(body);
  const keyLists = header.keySets.map((set) => set.map((index) => header.keyNames[index] ?? ''));
  const tags = new Map<string, TagRuleMasks>();
  let offset = 0;
  for (const [tagId, source, count, setAt] of header.tags) {
    const keys = keyLists[setAt];
    if (!keys || keys.length !== header.ruleIds.length) fail('unreadable header');
    tags.set(tagId, { source, rows: count, keys: keys!, masks: all.subarray(offset, offset + count) });
    offset += count;
  }
  return { ruleIds: header.ruleIds, tags };
}
