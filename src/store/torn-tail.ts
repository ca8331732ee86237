import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeFailure } from './disk-full.js';

const NEWLINE = 0x0a;
const CHUNK = 1 << 20;
/** How long an unterminated tail must stay unchanged to count as torn rather than being written right now. */
const SETTLE_MS = 40;

/**
 * Overwrites bytes [start, end) with spaces and a final newline: a blank line, which
 * every reader skips. Unlike truncating, this leaves alone a line another process
 * appends at the same moment, and needs no new disk space.
 */
export async function blankOut(handle: FileHandle, start: number, end: number): Promise<void> {
  for (let at = start; at < end;) {
    const length = Math.min(CHUNK, end - at);
    const filler = Buffer.alloc(length, 0x20);
    if (at + length === end) filler[length - 1] = NEWLINE;
    at += (await handle.write(filler, 0, length, at)).bytesWritten;
  }
  await handle.datasync();
}

/** Offset just past the last newline before `end` (0 when there is none): where an unterminated last line starts. */
async function lastLineStart(handle: FileHandle, end: number): Promise<number> {
  const chunk = Buffer.allocUnsafe(CHUNK);
  for (let stop = end; stop > 0;) {
    const from = Math.max(0, stop - CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, stop - from, from);
    const at = chunk.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (at >= 0) return from + at + 1;
    stop = from;
  }
  return 0;
}

/** Whether a file of `size` bytes ends a line (an empty one does). */
export async function endsLine(handle: FileHandle, size: number): Promise<boolean> {
  if (size === 0) return true;
  const byte = Buffer.alloc(1);
  await handle.read(byte, 0, 1, size - 1);
  return byte[0] === NEWLINE;
}

/** The size of a file whose last line is unterminated and has stayed so for SETTLE_MS; null when it ends a line. */
async function tornSize(handle: FileHandle): Promise<number | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { size } = await handle.stat();
    if (await endsLine(handle, size)) return null;
    await sleep(SETTLE_MS);
    // Still growing: another process is in the middle of an append; look again.
    if ((await handle.stat()).size === size) return size;
  }
  return null;
}

async function copyToSideFile(handle: FileHandle, start: number, end: number, sideFile: string): Promise<void> {
  const side = await open(sideFile, 'a');
  try {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, end - start));
    for (let at = start; at < end;) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, end - at), at);
      await side.write(chunk, 0, bytesRead);
      at += bytesRead;
    }
    await side.write(Buffer.from('\n'));
    await side.datasync();
  } finally {
    await side.close();
  }
}

/**
 * A writer killed mid-append (kill -9, a power cut) can leave an unterminated last
 * line. Before appending behind it, any writer calls this: the torn bytes are copied
 * to `<file>.torn` (nothing is thrown away) and blanked out in place, so the next line
 * starts clean. Returns a warning, or null when the file ends a line.
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
    const size = await tornSize(handle);
    if (size === null) return null;
    const start = await lastLineStart(handle, size);
    await copyToSideFile(handle, start, size, `${file}.torn`).catch((error: unknown) => {
      throw writeFailure(`${file}.torn`, error);
    });
    await blankOut(handle, start, size).catch((error: unknown) => {
      throw writeFailure(file, error);
    });
    return `${file}: an incomplete last line (${size - start} bytes, from an interrupted write) was moved to ${file}.torn`;
  } finally {
    await handle.close();
  }
}
