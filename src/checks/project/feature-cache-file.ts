import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../store/atomic-file.js';
import { crc32 } from 'node:zlib';
import { FeatureTable, NUMERIC_COLUMNS, TEXT_COLUMNS, type NumericColumn, type TextColumn } from '../features/feature-table.js';

/*
 * One tag's features on disk: a small JSON header, then each numeric column's
 * float32 bytes, then the text columns as one JSON document (parsed only when a
 * detail is asked for). Loading a million rows is a few memcpy calls, not a
 * million JSON objects. The file is derived data: anything unexpected in it
 * (wrong magic, other columns, a bad checksum) makes the reader refuse it, and
 * the caller rebuilds it from the candidates.
 */
const MAGIC = 0x46545344; // "DSTF"
const VERSION = 2;

export interface CacheHeader {
  rows: number;
  /** What the rows were computed against (language, question set …): a mismatch means rebuild. */
  source: string;
}

interface StoredHeader extends CacheHeader {
  columns: string[];
  textColumns: string[];
  textBytes: number;
  checksum: number;
}

export class CorruptCacheError extends Error {
  override name = 'CorruptCacheError';
}

export async function writeFeatureCache(path: string, table: FeatureTable, source: string): Promise<void> {
  const rows = table.size;
  const texts: string[][] = TEXT_COLUMNS.map((column) => [...table.textColumn(column)]);
  const textBuffer = Buffer.from(JSON.stringify(texts), 'utf8');
  const numeric = Buffer.allocUnsafe(rows * 4 * NUMERIC_COLUMNS.length);
  NUMERIC_COLUMNS.forEach((column, index) => {
    const bytes = new Uint8Array(table.numbers[column].buffer, table.numbers[column].byteOffset, rows * 4);
    numeric.set(bytes, index * rows * 4);
  });
  const checksum = crc32(textBuffer, crc32(numeric));
  const header: StoredHeader = {
    rows,
    source,
    columns: [...NUMERIC_COLUMNS],
    textColumns: [...TEXT_COLUMNS],
    textBytes: textBuffer.length,
    checksum,
  };
  const headerBuffer = padTo4(Buffer.from(JSON.stringify(header), 'utf8'));
  const prefix = Buffer.alloc(12);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(VERSION, 4);
  prefix.writeUInt32LE(headerBuffer.length, 8);
  await writeFileAtomic(path, Buffer.concat([prefix, headerBuffer, numeric, textBuffer]));
}

/**
 * The cached table, or null when there is none or it holds other columns (written
 * before a feature was added: rebuilt without a word); throws CorruptCacheError on a damaged one.
 */
export async function readFeatureCache(path: string): Promise<{ table: FeatureTable; header: CacheHeader } | null> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return decodeFeatureCache(file, path);
}

export function decodeFeatureCache(file: Buffer, path: string): { table: FeatureTable; header: CacheHeader } | null {
  const fail = (why: string): never => {
    throw new CorruptCacheError(`${path}: ${why}`);
  };
  if (file.length < 12 || file.readUInt32LE(0) !== MAGIC) fail('not a distill feature cache');
  if (file.readUInt32LE(4) !== VERSION) return null;
  const headerLength = file.readUInt32LE(8);
  if (12 + headerLength > file.length) fail('truncated header');
  let header: StoredHeader;
  try {
    header = JSON.parse(
      file
        .subarray(12, 12 + headerLength)
        .toString('utf8')
        .trimEnd(),
    ) as StoredHeader;
  } catch {
    return fail('unreadable header');
  }
  if (!sameList(header.columns, NUMERIC_COLUMNS) || !sameList(header.textColumns, TEXT_COLUMNS)) return null;
  const rows = header.rows;
  const numericStart = 12 + headerLength;
  const numericLength = rows * 4 * NUMERIC_COLUMNS.length;
  const textStart = numericStart + numericLength;
  if (!Number.isInteger(rows) || rows < 0 || textStart + header.textBytes !== file.length) fail('wrong length');
  const numericBytes = file.subarray(numericStart, textStart);
  const textBytes = file.subarray(textStart);
  if (crc32(textBytes, crc32(numericBytes)) !== header.checksum) fail('checksum mismatch');
  const numbers = {} as Record<NumericColumn, Float32Array>;
  NUMERIC_COLUMNS.forEach((column, index) => {
    const values = new Float32Array(rows);
    new Uint8Array(values.buffer).set(numericBytes.subarray(index * rows * 4, (index + 1) * rows * 4));
    numbers[column] = values;
  });
  const loadTexts = (): Record<TextColumn, string[]> => {
    const parsed = JSON.parse(textBytes.toString('utf8')) as string[][];
    const texts = {} as Record<TextColumn, string[]>;
    TEXT_COLUMNS.forEach((column, index) => (texts[column] = parsed[index] ?? []));
    return texts;
  };
  return { table: new FeatureTable(rows, numbers, loadTexts), header: { rows, source: header.source } };
}

function padTo4(buffer: Buffer): Buffer {
  const padding = (4 - (buffer.length % 4)) % 4;
  return padding === 0 ? buffer : Buffer.concat([buffer, Buffer.alloc(padding, 0x20)]);
}

function sameList(a: unknown, b: readonly string[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((value, index) => value === b[index]);
}
