import { crc32 } from 'node:zlib';
import { CorruptCacheError } from './feature-cache-file.js';
import { SIGNATURE_LENGTH } from './near-duplicates.js';
import type { IndexedQuestion, QuestionIndexState } from './question-index.js';

/*
 * The question index as bytes. The header comes first and is all that a check
 * reads while no question has changed: the store's version of each tag's
 * questions, and a digest of each tag's findings. The body (each question's
 * MinHash signature, its match, its id and text) is read only to update the
 * index. Like every checks cache it is derived data: anything unexpected in it
 * and the caller starts a new index.
 */
const MAGIC = 0x51494458; // "QIDX"
const VERSION = 1;
/** Magic, version, header length and the body's checksum. */
export const PREFIX_BYTES = 16;

export interface QuestionIndexHeader {
  /** The extraction code's fingerprint the findings were computed with. */
  fingerprint: string;
  count: number;
  tagVersions: Record<string, string>;
  digests: Record<string, string>;
  bodyBytes: number;
  /** From the prefix: written last, once the body is in place. */
  bodyChecksum: number;
}

export function encodeQuestionIndex(state: QuestionIndexState, fingerprint: string, digests: ReadonlyMap<string, string>): Buffer {
  const { entries } = state;
  const count = entries.length;
  const texts = Buffer.from(
    JSON.stringify([
      entries.map((entry) => entry.id),
      entries.map((entry) => entry.tagId),
      entries.map((entry) => entry.textHash),
      entries.map((entry) => entry.text),
    ]),
    'utf8',
  );
  const numbersBytes = count * (SIGNATURE_LENGTH + 2) * 4;
  const header: Omit<QuestionIndexHeader, 'bodyChecksum'> = {
    fingerprint,
    count,
    tagVersions: Object.fromEntries(state.tagVersions),
    digests: Object.fromEntries(digests),
    bodyBytes: numbersBytes + texts.length,
  };
  const headerBuffer = padTo4(Buffer.from(JSON.stringify(header), 'utf8'));
  // One buffer for the whole file, the body written in place: an index of a million questions is not copied again.
  const bodyStart = PREFIX_BYTES + headerBuffer.length;
  const file = Buffer.alloc(bodyStart + header.bodyBytes);
  headerBuffer.copy(file, PREFIX_BYTES);
  const words = file.byteOffset + bodyStart;
  const signatures = new Uint32Array(file.buffer, words, count * SIGNATURE_LENGTH);
  const matches = new Int32Array(file.buffer, words + count * SIGNATURE_LENGTH * 4, count).fill(-1);
  const similarities = new Float32Array(file.buffer, words + count * (SIGNATURE_LENGTH + 1) * 4, count);
  const position = new Map(entries.map((entry, index) => [entry.id, index]));
  entries.forEach((entry, index) => {
    signatures.set(entry.signature, index * SIGNATURE_LENGTH);
    if (entry.match) {
      matches[index] = position.get(entry.match.of) ?? -1;
      similarities[index] = entry.match.similarity;
    }
  });
  texts.copy(file, bodyStart + numbersBytes);
  file.writeUInt32LE(MAGIC, 0);
  file.writeUInt32LE(VERSION, 4);
  file.writeUInt32LE(headerBuffer.length, 8);
  file.writeUInt32LE(crc32(file.subarray(bodyStart)), 12);
  return file;
}

/** The header's length from the file's first bytes; null for a file of another version. */
export function headerLengthOf(prefix: Buffer, path: string): number | null {
  if (prefix.length < PREFIX_BYTES || prefix.readUInt32LE(0) !== MAGIC)
    throw new CorruptCacheError(`${path}: not a distill question index`);
  if (prefix.readUInt32LE(4) !== VERSION) return null;
  return prefix.readUInt32LE(8);
}

/** The header, from the file's prefix and header bytes. */
export function decodeQuestionIndexHeader(prefix: Buffer, bytes: Buffer, path: string): QuestionIndexHeader {
  try {
    return { ...(JSON.parse(bytes.toString('utf8')) as Omit<QuestionIndexHeader, 'bodyChecksum'>), bodyChecksum: prefix.readUInt32LE(12) };
  } catch {
    throw new CorruptCacheError(`${path}: unreadable header`);
  }
}

export function decodeQuestionIndexBody(header: QuestionIndexHeader, body: Buffer, path: string): QuestionIndexState {
  const fail = (why: string): never => {
    throw new CorruptCacheError(`${path}: ${why}`);
  };
  if (body.length !== header.bodyBytes) fail('wrong length');
  if (crc32(body) !== header.bodyChecksum) fail('checksum mismatch');
  const count = header.count;
  let offset = 0;
  // Views over the file's bytes where aligned (a file read whole is), copies otherwise.
  const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, bytes: number): T => {
    const at = body.byteOffset + offset;
    offset += bytes;
    if (at % 4 === 0) return make(body.buffer as ArrayBuffer, at, bytes / 4);
    const copy = new ArrayBuffer(bytes);
    new Uint8Array(copy).set(new Uint8Array(body.buffer, at, bytes));
    return make(copy, 0, bytes / 4);
  };
  const signatures = take((buffer, at, length) => new Uint32Array(buffer, at, length), count * SIGNATURE_LENGTH * 4);
  const matches = take((buffer, at, length) => new Int32Array(buffer, at, length), count * 4);
  const similarities = take((buffer, at, length) => new Float32Array(buffer, at, length), count * 4);
  let columns: string[][];
  try {
    columns = JSON.parse(body.subarray(offset).toString('utf8')) as string[][];
  } catch {
    return fail('unreadable questions');
  }
  const [ids, tagIds, textHashes, texts] = columns;
  if (!ids || !tagIds || !textHashes || !texts || ids.length !== count) fail('wrong count');
  const entries: IndexedQuestion[] = ids!.map((id, index) => ({
    id,
    tagId: tagIds![index]!,
    textHash: textHashes![index]!,
    text: texts![index]!,
    signature: signatures.subarray(index * SIGNATURE_LENGTH, (index + 1) * SIGNATURE_LENGTH),
    match: matches[index]! >= 0 ? { of: ids![matches[index]!]!, similarity: Math.round(similarities[index]! * 1000) / 1000 } : null,
  }));
  return { entries, tagVersions: new Map(Object.entries(header.tagVersions)) };
}

function padTo4(buffer: Buffer): Buffer {
  const padding = (4 - (buffer.length % 4)) % 4;
  return padding === 0 ? buffer : Buffer.concat([buffer, Buffer.alloc(padding, 0x20)]);
}
