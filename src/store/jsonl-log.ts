import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.js';
import { corruptFileError } from './store-error.js';

export interface LogRead<T> {
  records: T[];
  /** Byte offset just past the last complete line read; the next read starts here. */
  endOffset: number;
  /** Bytes after the last newline: a line still being written, or torn by a crash. */
  pendingBytes: number;
}

/**
 * Reads the complete lines of an append-only JSON-lines file from `fromOffset`.
 * An unterminated last line is not an error (a writer may be mid-append, or was
 * killed mid-append); any other unparseable line is, and names the file and line.
 */
export async function readLog<T>(
  file: string,
  fromOffset = 0,
  isValid?: (value: unknown) => value is T,
  describeInvalid?: (value: unknown) => string,
): Promise<LogRead<T>> {
  return readLogFrom(file, fromOffset, async (handle, size) => {
    const buffer = Buffer.allocUnsafe(size - fromOffset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, fromOffset);
    return parseLines<T>(file, buffer.subarray(0, bytesRead), fromOffset, isValid, describeInvalid);
  });
}

/**
 * What every log reader does around its parsing: a missing file reads as empty, a file no longer
 * than `fromOffset` as nothing new; otherwise `read` gets the open file and its size, and the file
 * is closed after.
 */
export async function readLogFrom<T>(
  file: string,
  fromOffset: number,
  read: (handle: FileHandle, size: number) => Promise<LogRead<T>>,
): Promise<LogRead<T>> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], endOffset: 0, pendingBytes: 0 };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size <= fromOffset) return { records: [], endOffset: fromOffset, pendingBytes: 0 };
    return await read(handle, size);
  } finally {
    await handle.close();
  }
}

/**
 * readLog, blocking: for counting thousands of small shards at once (a cold count), where a
 * round trip through the thread pool per call costs several times the read itself.
 */
export function readLogSync<T>(file: string, isValid?: (value: unknown) => value is T): LogRead<T> {
  const fd = openOrNull(file);
  if (fd === null) return { records: [], endOffset: 0, pendingBytes: 0 };
  try {
    const buffer = Buffer.allocUnsafe(fstatSync(fd).size);
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return parseLines<T>(file, buffer.subarray(0, bytesRead), 0, isValid);
  } finally {
    closeSync(fd);
  }
}

function openOrNull(file: string): number | null {
  try {
    return openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseLines<T>(
  file: string,
  bytes: Buffer,
  baseOffset: number,
  isValid?: (value: unknown) => value is T,
  describeInvalid?: (value: unknown) => string,
): LogRead<T> {
  const records: T[] = [];
  const lastNewline = bytes.lastIndexOf(10);
  const complete = lastNewline < 0 ? '' : bytes.toString('utf8', 0, lastNewline);
  let position = baseOffset;
  let lineNumber = 0;
  // Line numbers are known when reading from the start; a later read names the byte offset.
  const where = (lineStart: number) => (baseOffset === 0 ? `line ${lineNumber} (byte ${lineStart})` : `the line at byte ${lineStart}`);
  if (lastNewline >= 0) {
    for (const line of complete.split('\n')) {
      const lineStart = position;
      position += Buffer.byteLength(line) + 1;
      lineNumber++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw corruptFileError(file, `${where(lineStart)} is not valid JSON`, error);
      }
      if (isValid && !isValid(value)) {
        throw corruptFileError(file, `${where(lineStart)} is not a valid record: ${describeInvalid?.(value) ?? 'unexpected shape'}`);
      }
      records.push(value as T);
    }
  }
  const endOffset = baseOffset + lastNewline + 1;
  return { records, endOffset, pendingBytes: baseOffset + bytes.length - endOffset };
}

/**
 * Complete records of a log, counted by scanning bytes in chunks: what a shard
 * holds, without parsing (or holding) a million records. An unterminated last
 * line is not counted, as readLog would not return it, nor is a blank line (what
 * an undone append leaves).
 */
export async function countLogLines(file: string): Promise<number> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const chunk = COUNT_CHUNKS.pop() ?? Buffer.allocUnsafe(COUNT_CHUNK_BYTES);
  try {
    const counter = new LineCounter();
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return counter.lines;
      counter.add(chunk, bytesRead);
    }
  } finally {
    if (COUNT_CHUNKS.length < KEPT_COUNT_CHUNKS) COUNT_CHUNKS.push(chunk);
    await handle.close();
  }
}

const COUNT_CHUNK_BYTES = 1 << 20;
const KEPT_COUNT_CHUNKS = 8;
/**
 * Chunks reused across counts. A fresh megabyte per shard made a recount of 50,000 shards
 * allocate 50 GB of buffers outside the heap: each one pushed V8 into another full collection
 * of a heap that grows with the project, so the cold count grew with the square of the tags
 * (15,000 tags: 30 % of the time in the collector).
 */
const COUNT_CHUNKS: Buffer[] = [];

/** countLogLines, blocking (see readLogSync). */
export function countLogLinesSync(file: string): number {
  const fd = openOrNull(file);
  if (fd === null) return 0;
  const chunk = COUNT_CHUNKS.pop() ?? Buffer.allocUnsafe(COUNT_CHUNK_BYTES);
  try {
    const counter = new LineCounter();
    for (;;) {
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) return counter.lines;
      counter.add(chunk, bytesRead);
    }
  } finally {
    if (COUNT_CHUNKS.length < KEPT_COUNT_CHUNKS) COUNT_CHUNKS.push(chunk);
    closeSync(fd);
  }
}

/** Counts complete, non-blank lines over chunks (a line may span two). */
class LineCounter {
  lines = 0;
  /** Whether the line being scanned has a byte other than a space yet. */
  private hasContent = false;

  add(chunk: Buffer, length: number): void {
    let lineStart = 0;
    for (let at = chunk.indexOf(NEWLINE, 0); at !== -1 && at < length; at = chunk.indexOf(NEWLINE, at + 1)) {
      if (this.hasContent || !isBlank(chunk, lineStart, at)) this.lines++;
      this.hasContent = false;
      lineStart = at + 1;
    }
    if (lineStart < length && !isBlank(chunk, lineStart, length)) this.hasContent = true;
  }
}

const NEWLINE = 0x0a;

/** Spaces only (the first byte decides for lines the store wrote: a record starts with `{`). */
function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0x0d && bytes[i] !== 0x09) return false;
  return true;
}

/** Atomically replaces a derived (cache) file; a unique temp name lets several processes write it. */
export function writeCacheFile(file: string, data: string | Uint8Array): Promise<void> {
  return writeFileAtomic(file, data);
}
