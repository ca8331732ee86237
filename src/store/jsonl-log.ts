import { open } from 'node:fs/promises';
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
    return parseLines<T>(file, buffer.subarray(0, bytesRead), fromOffset, isValid, describeInvalid);
  } finally {
    await handle.close();
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
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    // Whether the line being scanned has a byte other than a space yet (it may span chunks).
    let hasContent = false;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return lines;
      let lineStart = 0;
      for (let at = chunk.indexOf(NEWLINE, 0); at !== -1 && at < bytesRead; at = chunk.indexOf(NEWLINE, at + 1)) {
        if (hasContent || !isBlank(chunk, lineStart, at)) lines++;
        hasContent = false;
        lineStart = at + 1;
      }
      if (lineStart < bytesRead && !isBlank(chunk, lineStart, bytesRead)) hasContent = true;
    }
  } finally {
    await handle.close();
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
