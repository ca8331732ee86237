import { open, stat } from 'node:fs/promises';
import { decodeFrame, encodeFrame, TokenDictionary, type SidecarEntry } from '../logprobs/sidecar-codec.js';
import type { SoftLabels } from '../logprobs/soft-labels.js';
import { LogAppender } from './log-appender.js';
import { SerialQueue } from './serial-queue.js';

const NEWLINE = 0x0a;

interface FramePlace {
  gen: string;
  start: number;
  end: number;
}

/**
 * The logprobs of one candidate shard (data/logprobs/<tagId>.bin, see sidecar-codec.ts).
 * Read only when a candidate of the shard is opened: the first read walks the frames to
 * rebuild the shard's token dictionary and remember where each candidate's frame is; a
 * candidate's tokens are decoded from its frame on demand. Appends go through the
 * store's LogAppender, so a torn last frame is set aside, never built on.
 */
export class LogprobsSidecar {
  private dictionary = new TokenDictionary();
  private places = new Map<string, FramePlace>();
  private offset = 0;
  private readonly queue = new SerialQueue();
  private readonly appender: LogAppender;
  private waiting: SidecarEntry[] = [];
  private nextWrite: Promise<string[]> | null = null;
  /** Frames that could not be read (damaged, or raced), by candidate id where known: the reason shown for it. */
  readonly problems: string[] = [];

  constructor(readonly file: string) {
    // Opened per append: readers (the TUI, export) hold many sidecars, and writes are one per answer.
    this.appender = new LogAppender(file);
  }

  /** The candidate's logprobs, or null when this shard holds none for this text of it. */
  labels(id: string, gen: string | undefined): Promise<SoftLabels | null> {
    return this.queue.run(async () => {
      await this.readNew();
      const place = this.places.get(id);
      if (!place || (gen !== undefined && place.gen !== gen)) return null;
      const line = await this.readRange(place.start, place.end);
      const read = decodeFrame(line, this.dictionary, false);
      return read && 'entry' in read ? read.entry.labels : null;
    });
  }

  /** Ids of the candidates with logprobs in this shard (as read so far). */
  async ids(): Promise<string[]> {
    return this.queue.run(async () => {
      await this.readNew();
      return [...this.places.keys()];
    });
  }

  /**
   * Durable when it resolves; returns warnings (a torn tail set aside). Appends that arrive
   * while a write is under way go out together in the next one: with many answers in flight
   * a sidecar costs one write and one fsync per batch, not one per candidate.
   */
  async append(entries: readonly SidecarEntry[]): Promise<string[]> {
    const warnings = await this.write(entries);
    await this.sync();
    return warnings;
  }

  /** Written (safe from a kill -9) when it resolves, durable once `sync` resolves: the generator's slot waits only for this. */
  write(entries: readonly SidecarEntry[]): Promise<string[]> {
    this.waiting.push(...entries);
    this.nextWrite ??= this.queue.run(() => {
      const batch = this.waiting;
      this.waiting = [];
      this.nextWrite = null;
      return this.appendNow(batch);
    });
    return this.nextWrite;
  }

  /** Every write so far durable. */
  sync(): Promise<void> {
    return this.appender.sync();
  }

  private async appendNow(entries: readonly SidecarEntry[]): Promise<string[]> {
    // Frames are encoded against the dictionary of everything before them: read what another
    // writer added first (one stat when nobody did, which is the usual case).
    if ((await sizeOf(this.file)) !== this.offset) await this.readNew();
    const parts: Buffer[] = [];
    const placed: [string, FramePlace][] = [];
    let at = this.offset;
    for (const entry of entries) {
      const { line, commit } = encodeFrame(entry, this.dictionary);
      commit();
      placed.push([entry.id, { gen: entry.gen, start: at, end: at + line.length - 1 }]);
      parts.push(line);
      at += line.length;
    }
    const bytes = Buffer.concat(parts);
    const { sizeBefore, sizeAfter, warnings } = await this.appender.appendBytes(bytes, this.offset, false).catch((error: unknown) => {
      this.reset();
      throw error;
    });
    if (sizeBefore === this.offset && sizeAfter === sizeBefore + bytes.length) {
      for (const [id, place] of placed) this.places.set(id, place);
      this.offset = sizeAfter;
    } else {
      // Another writer appended too (or a tail was set aside): read it all again, in file order.
      this.reset();
      await this.readNew();
    }
    return warnings;
  }

  close(): Promise<void> {
    return this.queue.run(() => this.appender.close());
  }

  private reset(): void {
    this.dictionary = new TokenDictionary();
    this.places = new Map();
    this.offset = 0;
    this.problems.length = 0;
  }

  /** Reads whole frames after `offset`; an unterminated last one is left for later (or for the appender to set aside). */
  private async readNew(): Promise<void> {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return;
      const buffer = Buffer.allocUnsafe(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      let lineStart = 0;
      for (;;) {
        const end = buffer.indexOf(NEWLINE, lineStart);
        if (end < 0 || end >= bytesRead) break;
        this.takeFrame(buffer.subarray(lineStart, end), this.offset + lineStart, this.offset + end);
        lineStart = end + 1;
      }
      this.offset += lineStart;
    } finally {
      await handle.close();
    }
  }

  private takeFrame(line: Buffer, start: number, end: number): void {
    const read = decodeFrame(line, this.dictionary, true);
    if (read === null) return;
    if ('problem' in read) {
      this.problems.push(`${this.file} at byte ${start}: ${read.problem}`);
      return;
    }
    // A regenerated candidate's later frame replaces the earlier one.
    this.places.set(read.entry.id, { gen: read.entry.gen, start, end });
  }

  private async readRange(start: number, end: number): Promise<Buffer> {
    const handle = await open(this.file, 'r');
    try {
      const buffer = Buffer.allocUnsafe(end - start);
      await handle.read(buffer, 0, buffer.length, start);
      return buffer;
    } finally {
      await handle.close();
    }
  }
}

/** The file's size; 0 when it does not exist yet. */
async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
