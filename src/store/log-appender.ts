import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFailure } from './disk-full.js';
import { blankOut, endsLine, setAsideTornTail } from './torn-tail.js';

export interface AppendResult {
  /** File size before and after the write: a gap other than `bytes` means another writer appended too. */
  sizeBefore: number;
  sizeAfter: number;
  bytes: number;
  /** Non-fatal: a torn line left by someone else was set aside first. */
  warnings: string[];
}

const NEWLINE = 0x0a;

export function encodeLines(records: readonly unknown[]): Buffer {
  return Buffer.from(records.map((record) => JSON.stringify(record)).join('\n') + '\n');
}

/**
 * The one way a shard's JSON-lines log is appended to, so that no append can corrupt it:
 * - records go out in one write(2) on an O_APPEND descriptor (concurrent appenders never
 *   interleave inside a line) and are fsync'd before the promise resolves;
 * - before writing, an unterminated last line left by any process (killed, or out of
 *   space) is set aside, so the new line never lands behind half a line;
 * - an append that fails part-way (a full disk) is undone: the bytes it did write are
 *   blanked out, so the file holds only whole lines and what was acknowledged before;
 *   a full disk is reported as a DiskFullError naming the file.
 * A new file's directory entry is fsync'd too, so a power cut cannot lose the file.
 *
 * `write` is the same without the fsync: once it resolves the lines are in the kernel's
 * page cache, where a kill -9 of this process cannot lose them; `sync` then makes every
 * write so far durable, one fdatasync shared by all who ask while one is under way (a
 * generator with dozens of answers arriving at once pays one fsync, not one each).
 */
export class LogAppender {
  private handle: FileHandle | null = null;
  private known = false;
  /** The fdatasync under way, and the one callers who came during it share. */
  private syncing: Promise<void> | null = null;
  private nextSync: Promise<void> | null = null;

  /** `keepOpen`: keep the descriptor between appends (the generator appends thousands of times a minute). */
  constructor(
    readonly file: string,
    private readonly keepOpen = false,
  ) {}

  /** `cleanEnd`: how far the caller has read whole lines; a file of exactly that size needs no tail check. */
  async append(records: readonly unknown[], cleanEnd: number): Promise<AppendResult> {
    return this.appendBytes(encodeLines(records), cleanEnd);
  }

  /** Written but not yet fsync'd (see the class comment): call `sync` before saying it is saved. */
  async write(records: readonly unknown[], cleanEnd: number): Promise<AppendResult> {
    return this.appendBytes(encodeLines(records), cleanEnd, false);
  }

  /**
   * Every write so far on disk. A sync that began before the caller's write may not cover it,
   * so a caller arriving during one waits for the next, which all such callers share.
   */
  sync(): Promise<void> {
    if (this.nextSync) return this.nextSync;
    const start = (): Promise<void> => {
      this.nextSync = null;
      const run = this.syncNow();
      this.syncing = run;
      run.then(
        () => this.syncDone(run),
        () => this.syncDone(run),
      );
      return run;
    };
    if (!this.syncing) return start();
    this.nextSync = this.syncing.catch(() => undefined).then(start);
    return this.nextSync;
  }

  /** Lines already encoded (each ending in a newline): the logprobs sidecar's binary frames. `durable` false: see `write`. */
  async appendBytes(bytes: Buffer, cleanEnd: number, durable = true): Promise<AppendResult> {
    const { handle, created } = await this.openHandle();
    try {
      const warnings: string[] = [];
      let sizeBefore = (await handle.stat()).size;
      if (sizeBefore !== cleanEnd && !(await endsLine(handle, sizeBefore))) {
        const warning = await setAsideTornTail(this.file);
        if (warning) warnings.push(warning);
        sizeBefore = (await handle.stat()).size;
      }
      await this.writeAll(handle, bytes, sizeBefore, durable);
      if (created) await syncDirectory(dirname(this.file));
      const sizeAfter = (await handle.stat()).size;
      return { sizeBefore, sizeAfter, bytes: bytes.length, warnings };
    } catch (error) {
      await this.close().catch(() => undefined);
      throw writeFailure(this.file, error);
    } finally {
      if (!this.keepOpen) await this.close();
    }
  }

  async close(): Promise<void> {
    // A sync under way (or asked for) uses the descriptor: let it finish first.
    await (this.nextSync ?? this.syncing)?.catch(() => undefined);
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private syncDone(run: Promise<void>): void {
    if (this.syncing === run) this.syncing = null;
  }

  /**
   * fdatasync on our descriptor, or on one opened for it (an appender that closes after each
   * write): on Linux it flushes the file's dirty pages whichever descriptor wrote them. It
   * cannot undo what was written: a failure here is reported, and the lines stay (whole).
   */
  private async syncNow(): Promise<void> {
    try {
      if (this.handle) return await this.handle.datasync();
      const handle = await open(this.file, 'r');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      // Nothing was ever written to it (every line was a duplicate): nothing to make durable.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw writeFailure(this.file, error);
    }
  }

  private async writeAll(handle: FileHandle, bytes: Buffer, sizeBefore: number, durable: boolean): Promise<void> {
    let written = 0;
    try {
      // One write(2) in practice; the loop only covers a short write (a full disk, a signal).
      while (written < bytes.length) written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
      if (durable) await handle.datasync();
    } catch (error) {
      await undoPartialAppend(this.file, bytes, written, sizeBefore).catch(() => undefined);
      throw error;
    }
  }

  private async openHandle(): Promise<{ handle: FileHandle; created: boolean }> {
    if (this.handle) return { handle: this.handle, created: false };
    try {
      const opened = this.known ? { handle: await open(this.file, 'a+'), created: false } : await openOrCreate(this.file);
      this.known = true;
      this.handle = opened.handle;
      return opened;
    } catch (error) {
      throw writeFailure(this.file, error);
    }
  }
}

/** Opens for appending, creating the file (and its folder) if needed, and says whether it was created. */
async function openOrCreate(file: string): Promise<{ handle: FileHandle; created: boolean }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { handle: await open(file, 'ax+'), created: true };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return { handle: await open(file, 'a+'), created: false };
      if (code !== 'ENOENT' || attempt > 0) throw error;
      await mkdir(dirname(file), { recursive: true });
    }
  }
}

/**
 * Blanks out the bytes a failed append did write. When the file grew by exactly those
 * bytes they are at the end; otherwise another process appended meanwhile and the
 * fragment is looked for among the lines after `sizeBefore`: it is blanked only when
 * exactly one place can be it (a line that merely starts like ours is left alone).
 */
async function undoPartialAppend(file: string, bytes: Buffer, written: number, sizeBefore: number): Promise<void> {
  if (written === 0) return;
  // Not the append descriptor: on Linux a positioned write to an O_APPEND file lands at its end.
  const handle = await open(file, 'r+');
  try {
    await blankOwnFragment(handle, bytes, written, sizeBefore);
  } finally {
    await handle.close();
  }
}

async function blankOwnFragment(handle: FileHandle, bytes: Buffer, written: number, sizeBefore: number): Promise<void> {
  const { size } = await handle.stat();
  if (size === sizeBefore + written) return blankOut(handle, sizeBefore, size);
  const region = Buffer.allocUnsafe(size - sizeBefore);
  const { bytesRead } = await handle.read(region, 0, region.length, sizeBefore);
  const fragment = bytes.subarray(0, written);
  const matches: number[] = [];
  for (let at = 0; at + written <= bytesRead;) {
    if (region.compare(fragment, 0, written, at, at + written) === 0) {
      const follows = at + written < bytesRead ? region[at + written] : undefined;
      // A line that goes on the way ours would have is someone else's complete line.
      if (follows === undefined || written === bytes.length || follows !== bytes[written]) matches.push(at);
    }
    const next = region.indexOf(NEWLINE, at);
    if (next < 0) break;
    at = next + 1;
  }
  if (matches.length === 1) await blankOut(handle, sizeBefore + matches[0]!, sizeBefore + matches[0]! + written);
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
