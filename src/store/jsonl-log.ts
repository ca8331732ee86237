import { mkdir, open } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-file.js';
import { dirname } from 'node:path';
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
export async function readLog<T>(file: string, fromOffset = 0, isValid?: (value: unknown) => value is T): Promise<LogRead<T>> {
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
    const buffer = Buffer.allocUnsafe(size - fromOffset);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, fromOffset);
    return parseLines<T>(file, buffer.subarray(0, bytesRead), fromOffset, isValid);
  } finally {
    await handle.close();
  }
}

function parseLines<T>(file: string, bytes: Buffer, baseOffset: number, isValid?: (value: unknown) => value is T): LogRead<T> {
  const records: T[] = [];
  const lastNewline = bytes.lastIndexOf(10);
  const complete = lastNewline < 0 ? '' : bytes.toString('utf8', 0, lastNewline);
  let position = baseOffset;
  if (lastNewline >= 0) {
    for (const line of complete.split('\n')) {
      const lineStart = position;
      position += Buffer.byteLength(line) + 1;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw corruptFileError(file, `line at byte ${lineStart} is not valid JSON`, error);
      }
      if (isValid && !isValid(value)) throw corruptFileError(file, `line at byte ${lineStart} is not a valid record`);
      records.push(value as T);
    }
  }
  const endOffset = baseOffset + lastNewline + 1;
  return { records, endOffset, pendingBytes: baseOffset + bytes.length - endOffset };
}

export interface AppendResult {
  /** File size before and after the write: a gap other than `bytes` means another writer appended too. */
  sizeBefore: number;
  sizeAfter: number;
  bytes: number;
}

/**
 * Appends records as JSON lines in one write(2) on an O_APPEND descriptor, so
 * concurrent appenders (a TUI and a CLI `accept`) never interleave inside a line.
 * With `durable`, fsyncs before resolving.
 */
export async function appendLog(file: string, records: readonly unknown[], durable: boolean): Promise<AppendResult> {
  const bytes = Buffer.from(records.map((record) => JSON.stringify(record)).join('\n') + '\n');
  let handle;
  try {
    handle = await open(file, 'a');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(file), { recursive: true });
    handle = await open(file, 'a');
  }
  try {
    const sizeBefore = (await handle.stat()).size;
    let written = 0;
    // One write(2) in practice; the loop only covers a short write (a full disk, a signal).
    while (written < bytes.length) {
      written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
    }
    if (durable) await handle.datasync();
    const sizeAfter = (await handle.stat()).size;
    return { sizeBefore, sizeAfter, bytes: bytes.length };
  } finally {
    await handle.close();
  }
}

/**
 * Complete lines of a log, counted by scanning bytes in chunks: what a shard
 * holds, without parsing (or holding) a million records. An unterminated last
 * line is not counted, as readLog would not return it.
 */
export async function countLogLines(file: string): Promise<number> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return lines;
      for (let at = chunk.indexOf(10, 0); at !== -1 && at < bytesRead; at = chunk.indexOf(10, at + 1)) lines++;
    }
  } finally {
    await handle.close();
  }
}

/**
 * A crash mid-append can leave an unterminated last line. Before appending to
 * such a file, its owner moves those bytes to `<file>.torn` (nothing is thrown
 * away) and cuts them off, so the next line starts clean. Returns a warning, or null.
 */
export async function setAsideTornTail(file: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return null;
    const tailLength = Math.min(size, 1 << 20);
    const tail = Buffer.allocUnsafe(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    if (tail[tailLength - 1] === 10) return null;
    const lastNewline = tail.lastIndexOf(10);
    const tornStart = lastNewline < 0 ? size - tailLength : size - tailLength + lastNewline + 1;
    const torn = tail.subarray(tornStart - (size - tailLength));
    const aside = await open(`${file}.torn`, 'a');
    try {
      await aside.write(Buffer.concat([torn, Buffer.from('\n')]));
    } finally {
      await aside.close();
    }
    await handle.truncate(tornStart);
    return `${file}: an incomplete last line (${torn.length} bytes, from an interrupted write) was moved to ${file}.torn`;
  } finally {
    await handle.close();
  }
}

/** Atomically replaces a derived (cache) file; a unique temp name lets several processes write it. */
export function writeCacheFile(file: string, data: string | Uint8Array): Promise<void> {
  return writeFileAtomic(file, data);
}
