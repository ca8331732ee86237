import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { FeatureTable, NUMERIC_COLUMNS, TEXT_COLUMNS, type NumericColumns, type TextColumns } from '../features/feature-table.js';

/*
 * One tag's features as bytes: a small JSON header, then each numeric column's
 * float32 bytes, then the text columns as one JSON document (parsed only when a
 * detail is asked for). Loading a million rows is a few memcpy calls, not a
 * million JSON objects. The numbers and the texts have a checksum each; the
 * texts' is verified when they are first parsed. The file is derived data:
 * anything unexpected in it makes the reader refuse it, and the caller
 * rebuilds it from the candidates.
 */
const MAGIC = 0x46545344; // "DSTF"
const VERSION = 3;

interface StoredHeader {
  rows: number;
  /** What the rows were computed from (code, language, question and candidate versions …): a mismatch means rebuild. */
  source: string;
  columns: string[];
  textColumns: string[];
  textBytes: number;
  numbersChecksum: number;
  textChecksum: number;
  /** Per numeric column (in `columns` order), so that one column can be read and verified alone; absent in older files. */
  columnChecksums?: number[];
}

export class CorruptCacheError extends Error {
  override name = 'CorruptCacheError';
}

export function encodeFeatureTable(table: FeatureTable, source: string): Buffer {
  const rows = table.size;
  const texts: string[][] = TEXT_COLUMNS.map((column) => [...table.textColumn(column)]);
  const textBuffer = Buffer.from(JSON.stringify(texts), 'utf8');
  const numeric = Buffer.allocUnsafe(rows * 4 * NUMERIC_COLUMNS.length);
  NUMERIC_COLUMNS.forEach((column, index) => {
    const bytes = new Uint8Array(table.numbers[column].buffer, table.numbers[column].byteOffset, rows * 4);
    numeric.set(bytes, index * rows * 4);
  });
  const header: StoredHeader = {
    rows,
    source,
    columns: [...NUMERIC_COLUMNS],
    textColumns: [...TEXT_COLUMNS],
    textBytes: textBuffer.length,
    numbersChecksum: crc32(numeric),
    textChecksum: crc32(textBuffer),
    columnChecksums: NUMERIC_COLUMNS.map((_, index) => crc32(numeric.subarray(index * rows * 4, (index + 1) * rows * 4))),
  };
  const headerBuffer = padTo4(Buffer.from(JSON.stringify(header), 'utf8'));
  const prefix = Buffer.alloc(12);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(VERSION, 4);
  prefix.writeUInt32LE(headerBuffer.length, 8);
  return Buffer.concat([prefix, headerBuffer, numeric, textBuffer]);
}

/**
 * The table in a cache file, and what it was computed from; null when the file
 * was written by another version or holds other columns (rebuilt without a word);
 * throws CorruptCacheError on a damaged one (`path` names it). A damaged text
 * part is found when the texts are first read, and throws the same error then.
 */
export function decodeFeatureTable(file: Buffer, path: string): { table: FeatureTable; source: string } | null {
  const layout = readLayout(file, file.length, path);
  if (!layout) return null;
  return decodeNumbers(file, layout, path, () => file.subarray(layout.textStart));
}

/** The file's size and header bytes (magic, version, header length, header), or null for another version. */
function readHeaderBytes(fd: number, path: string): { size: number; header: Buffer } | null {
  const size = fstatSync(fd).size;
  const head = Buffer.allocUnsafe(Math.min(size, 12));
  readFully(fd, head, 0, path);
  if (head.length < 12 || head.readUInt32LE(0) !== MAGIC) throw new CorruptCacheError(`${path}: not a distill feature cache`);
  if (head.readUInt32LE(4) !== VERSION) return null;
  const headerEnd = 12 + head.readUInt32LE(8);
  if (headerEnd > size) throw new CorruptCacheError(`${path}: truncated header`);
  const header = Buffer.allocUnsafe(headerEnd);
  readFully(fd, header, 0, path);
  return { size, header };
}

/** The header bytes and the layout they describe, or null for another version or layout. */
function readHeaderLayout(fd: number, path: string): { size: number; header: Buffer; layout: Layout } | null {
  const read = readHeaderBytes(fd, path);
  if (!read) return null;
  const layout = readLayout(read.header, read.size, path);
  return layout ? { ...read, layout } : null;
}

/** readHeaderLayout, closing `fd` after: for the readers that read the rest of the file by path. */
function readHeaderLayoutAndClose(fd: number, path: string): { size: number; layout: Layout } | null {
  try {
    return readHeaderLayout(fd, path);
  } finally {
    closeSync(fd);
  }
}

/**
 * The same, reading only the header and the numbers (what re-running the rules
 * needs: less than half the file); the texts are read from the file when first
 * asked for, and refused (CorruptCacheError) if the file was replaced since.
 * Synchronous: a re-check reads a thousand of these from the page cache, and
 * a promise per read cost more than the reads.
 */
export function readFeatureTableNumbers(path: string): { table: FeatureTable; source: string } | null {
  const fd = openSync(path, 'r');
  try {
    const read = readHeaderLayout(fd, path);
    if (!read) return null;
    const { size, header, layout } = read;
    const headerEnd = header.length;
    // Its own ArrayBuffer, so that the columns are aligned views over it (no copy).
    const numbers = Buffer.from(new ArrayBuffer(layout.textStart));
    header.copy(numbers);
    readFully(fd, numbers.subarray(headerEnd), headerEnd, path);
    return decodeNumbers(numbers, layout, path, () => readTexts(path, layout.textStart, size - layout.textStart));
  } finally {
    closeSync(fd);
  }
}

/**
 * The table with nothing but its header read: each numeric column is read from
 * the file (and verified by its own checksum) when a rule first reads it. After
 * a threshold change, the one rule that runs again reads a column or two of each
 * tag instead of all of them. A file without column checksums (an older one) is
 * read as readFeatureTableNumbers reads it. A column that no longer reads back
 * (the file was damaged or replaced since) throws CorruptCacheError when read.
 */
export function readFeatureTableLazily(path: string): { table: FeatureTable; source: string } | null {
  const read = readHeaderLayoutAndClose(openSync(path, 'r'), path);
  if (!read) return null;
  const { size, layout } = read;
  const checksums = layout.header.columnChecksums;
  if (!Array.isArray(checksums) || checksums.length !== NUMERIC_COLUMNS.length) return readFeatureTableNumbers(path);
  const rows = layout.header.rows;
  const numbers = {} as NumericColumns;
  NUMERIC_COLUMNS.forEach((column, index) => {
    let values: Float32Array | null = null;
    Object.defineProperty(numbers, column, {
      enumerable: true,
      get: () => (values ??= readColumn(path, size, layout.numericStart + index * rows * 4, rows, checksums[index]!)),
    });
  });
  const loadTexts = (): TextColumns => parseTexts(readTexts(path, layout.textStart, size - layout.textStart), layout.header, path);
  return { table: new FeatureTable(rows, numbers, loadTexts), source: layout.header.source };
}

/**
 * The candidate ids alone (the texts' first column), if the file holds the table computed from
 * `source`: what `select` needs of the texts. The text part is read and checked whole, but only
 * its first array is parsed (the other 23 columns are most of the parsing). Null for another
 * version or source; throws CorruptCacheError on a damaged file.
 */
export function readFeatureIds(path: string, source: string): string[] | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new CorruptCacheError(`${path}: gone before its ids were read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const read = readHeaderLayoutAndClose(fd, path);
  if (!read || read.layout.header.source !== source) return null;
  const { size, layout } = read;
  const bytes = readTexts(path, layout.textStart, size - layout.textStart);
  if (bytes.length !== layout.header.textBytes || crc32(bytes) !== layout.header.textChecksum) {
    throw new CorruptCacheError(`${path}: checksum mismatch in the texts`);
  }
  const end = TEXT_COLUMNS[0] === 'id' ? endOfFirstArray(bytes) : -1;
  const ids = end < 0 ? parseTexts(bytes, layout.header, path).id : (JSON.parse(bytes.toString('utf8', 1, end + 1)) as unknown);
  if (!Array.isArray(ids) || ids.length !== layout.header.rows) throw new CorruptCacheError(`${path}: unreadable ids`);
  return ids as string[];
}

/** Index of the `]` closing the first array inside `[[…],…]`, or -1 (strings and their escapes skipped). */
function endOfFirstArray(bytes: Buffer): number {
  if (bytes[0] !== 0x5b || bytes[1] !== 0x5b) return -1;
  let inString = false;
  for (let i = 2; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5d) return i;
  }
  return -1;
}

/** One column's rows, if the file is still `size` bytes long and the column its checksum says. */
function readColumn(path: string, size: number, position: number, rows: number, checksum: number): Float32Array {
  const values = new Float32Array(rows);
  const bytes = Buffer.from(values.buffer);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new CorruptCacheError(`${path}: gone before its columns were read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    if (fstatSync(fd).size !== size) throw new CorruptCacheError(`${path}: replaced while it was read`);
    readFully(fd, bytes, position, path);
  } finally {
    closeSync(fd);
  }
  if (crc32(bytes) !== checksum) throw new CorruptCacheError(`${path}: checksum mismatch`);
  return values;
}

interface Layout {
  header: StoredHeader;
  numericStart: number;
  textStart: number;
}

/** The header of a file of `fileLength` bytes whose first bytes are `start`; null for another version or other columns. */
function readLayout(start: Buffer, fileLength: number, path: string): Layout | null {
  const fail = (why: string): never => {
    throw new CorruptCacheError(`${path}: ${why}`);
  };
  if (start.length < 12 || start.readUInt32LE(0) !== MAGIC) fail('not a distill feature cache');
  if (start.readUInt32LE(4) !== VERSION) return null;
  const headerLength = start.readUInt32LE(8);
  if (12 + headerLength > start.length) fail('truncated header');
  let header: StoredHeader;
  try {
    header = JSON.parse(start.subarray(12, 12 + headerLength).toString('utf8')) as StoredHeader;
  } catch {
    return fail('unreadable header');
  }
  if (!sameList(header.columns, NUMERIC_COLUMNS) || !sameList(header.textColumns, TEXT_COLUMNS)) return null;
  const rows = header.rows;
  const numericStart = 12 + headerLength;
  const textStart = numericStart + rows * 4 * NUMERIC_COLUMNS.length;
  if (!Number.isInteger(rows) || rows < 0 || textStart + header.textBytes !== fileLength) fail('wrong length');
  return { header, numericStart, textStart };
}

/** The table over `file`'s numbers (its bytes up to the texts at least); `textBytes` gives the texts when first read. */
function decodeNumbers(file: Buffer, layout: Layout, path: string, textBytes: () => Buffer): { table: FeatureTable; source: string } {
  const { header, numericStart, textStart } = layout;
  const rows = header.rows;
  const numericBytes = file.subarray(numericStart, textStart);
  if (crc32(numericBytes) !== header.numbersChecksum) throw new CorruptCacheError(`${path}: checksum mismatch`);
  // Views over the file's bytes where they are aligned (a file read whole is): no copy of a million rows.
  const aligned = (file.byteOffset + numericStart) % 4 === 0;
  const numbers = {} as NumericColumns;
  NUMERIC_COLUMNS.forEach((column, index) => {
    const bytes = numericBytes.subarray(index * rows * 4, (index + 1) * rows * 4);
    numbers[column] = aligned ? new Float32Array(bytes.buffer, bytes.byteOffset, rows) : new Float32Array(new Uint8Array(bytes).buffer);
  });
  return {
    table: new FeatureTable(
      rows,
      numbers,
      () => parseTexts(textBytes(), header, path),
      () => parseIds(textBytes(), header, path),
    ),
    source: header.source,
  };
}

/**
 * The id column alone: the texts are one JSON array of columns, ids first. Verified as the whole
 * texts are, then only the first column parsed (a tenth of the texts). A cut inside a string
 * would leave it unterminated, so the slice either parses to the ids or not at all; null then,
 * and the caller decodes every column.
 */
function parseIds(bytes: Buffer, header: StoredHeader, path: string): readonly string[] | null {
  if (bytes.length !== header.textBytes || crc32(bytes) !== header.textChecksum) {
    throw new CorruptCacheError(`${path}: checksum mismatch in the texts`);
  }
  if (TEXT_COLUMNS[0] !== 'id' || bytes[0] !== OPEN_BRACKET || bytes[1] !== OPEN_BRACKET) return null;
  const end = bytes.indexOf(CLOSE_BRACKET, 1);
  if (end < 0) return null;
  try {
    const ids: unknown = JSON.parse(bytes.toString('utf8', 1, end + 1));
    return Array.isArray(ids) && ids.length === header.rows && ids.every((id) => typeof id === 'string') ? ids : null;
  } catch {
    return null;
  }
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function parseTexts(bytes: Buffer, header: StoredHeader, path: string): TextColumns {
  if (bytes.length !== header.textBytes || crc32(bytes) !== header.textChecksum) {
    throw new CorruptCacheError(`${path}: checksum mismatch in the texts`);
  }
  const parsed = JSON.parse(bytes.toString('utf8')) as string[][];
  const texts = {} as TextColumns;
  TEXT_COLUMNS.forEach((column, index) => (texts[column] = parsed[index] ?? []));
  return texts;
}

function readFully(fd: number, into: Buffer, position: number, path: string): void {
  let done = 0;
  while (done < into.length) {
    const read = readSync(fd, into, done, into.length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  if (done !== into.length) throw new CorruptCacheError(`${path}: truncated`);
}

/** The text part, read when a detail is first asked for (FeatureTable reads its texts on first use). */
function readTexts(path: string, position: number, length: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new CorruptCacheError(`${path}: gone before its texts were read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const bytes = Buffer.allocUnsafe(length);
    readFully(fd, bytes, position, path);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

function padTo4(buffer: Buffer): Buffer {
  const padding = (4 - (buffer.length % 4)) % 4;
  return padding === 0 ? buffer : Buffer.concat([buffer, Buffer.alloc(padding, 0x20)]);
}

function sameList(a: unknown, b: readonly string[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((value, index) => value === b[index]);
}
