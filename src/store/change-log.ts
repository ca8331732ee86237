import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SerialQueue } from './serial-queue.js';

/** The shard files a change can be to; the tag tree is watched apart (one file). */
export type ChangeKind = 'questions' | 'candidates' | 'decisions';

export interface Change {
  kind: ChangeKind;
  tagId: string;
}

/** How far a reader has read the log: `id` names the log's incarnation (null: there was none yet). */
export interface LogPosition {
  id: string | null;
  offset: number;
}

const LETTER: Record<ChangeKind, string> = { questions: 'q', candidates: 'c', decisions: 'd' };
const KIND: Record<string, ChangeKind> = { q: 'questions', c: 'candidates', d: 'decisions' };
const HEADER = '# distill change log ';
/** A note: kind letter, tag id, writer. Matched anywhere, so a torn note never hides the next one. */
const NOTE = /([qcd]) (\S+) ([0-9a-z]{8})\n/g;
/** Past this size a writer starts a new log; readers notice and rescan once. */
const MAX_LOG_BYTES = 8 << 20;

function newToken(): string {
  return randomBytes(5).readUIntBE(0, 5).toString(36).padStart(8, '0').slice(-8);
}

/**
 * cache/changes.log: every process that writes a shard appends a note naming it
 * (after the shard is written), so that other processes find what changed by
 * reading the log's new bytes: one stat when nothing did, whatever the size of the
 * project. Notes are derived data: losing them (a power cut, a deleted cache/)
 * only costs a rescan or a stale count until the shard is next written or checked.
 */
export class ChangeLog {
  /** This process's mark on its notes: its own changes are already counted. */
  readonly writer = newToken();
  private pending: Change[] = [];
  private readonly queue = new SerialQueue();
  private writing: Promise<void> | null = null;

  constructor(readonly file: string) {}

  /**
   * Records that this process changed a shard; resolves once the note is written
   * (callers wait for it before acknowledging, so a kill -9 can hardly fall between
   * the shard and its note). Notes that arrive while one is written share the next append.
   */
  note(kind: ChangeKind, tagId: string): Promise<void> {
    this.pending.push({ kind, tagId });
    this.writing ??= this.queue.run(async () => {
      this.writing = null;
      const notes = this.pending;
      this.pending = [];
      // A note that cannot be written (a full disk) leaves others to find the change by rescanning.
      await this.append(notes.map((change) => `${LETTER[change.kind]} ${change.tagId} ${this.writer}\n`).join('')).catch(() => undefined);
    });
    return this.writing;
  }

  /** Resolves once every note so far is written (or given up). */
  async settled(): Promise<void> {
    await this.writing;
    await this.queue.run(() => Promise.resolve());
  }

  /** The log as it stands; creates it when missing and `create` is set (null when it cannot be). */
  async position(create = false): Promise<LogPosition> {
    const current = await this.readHeader();
    if (current || !create) return current ?? { id: null, offset: 0 };
    await this.start(false).catch(() => undefined);
    return (await this.readHeader()) ?? { id: null, offset: 0 };
  }

  /**
   * The changes others noted since `from`, and the position after them; null when the
   * log was replaced (rotated, or deleted with cache/) so that what changed is unknown.
   */
  async readSince(from: LogPosition): Promise<{ changes: Change[]; position: LogPosition } | null> {
    let size: number;
    try {
      size = (await stat(this.file)).size;
    } catch {
      // No log: nothing was noted since a reader that saw none; a deleted one leaves what changed unknown.
      return from.id === null ? { changes: [], position: from } : null;
    }
    if (size === from.offset && from.id !== null) return { changes: [], position: from };
    // A log that appeared after the reader looked (it may already have been rotated) cannot be trusted either.
    if (from.id === null) return null;
    const handle = await open(this.file, 'r').catch(() => null);
    if (!handle) return null;
    try {
      const { size: now } = await handle.stat();
      const head = Buffer.alloc(Math.min(now, 64));
      await handle.read(head, 0, head.length, 0);
      const header = parseHeader(head);
      if (!header || header.id !== from.id || now < from.offset) return null;
      const start = from.offset;
      const bytes = Buffer.allocUnsafe(now - start);
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
      const text = bytes.toString('latin1', 0, bytesRead);
      // Up to the last complete note: a note being written is read next time.
      const end = text.lastIndexOf('\n') + 1;
      const changes: Change[] = [];
      for (const match of text.slice(0, end).matchAll(NOTE)) {
        if (match[3] !== this.writer) changes.push({ kind: KIND[match[1]!]!, tagId: match[2]! });
      }
      return { changes, position: { id: header.id, offset: start + end } };
    } finally {
      await handle.close();
    }
  }

  private async readHeader(): Promise<LogPosition | null> {
    const handle = await open(this.file, 'r').catch(() => null);
    if (!handle) return null;
    try {
      const { size } = await handle.stat();
      const head = Buffer.alloc(Math.min(size, 64));
      await handle.read(head, 0, head.length, 0);
      const header = parseHeader(head);
      return header ? { id: header.id, offset: size } : null;
    } finally {
      await handle.close();
    }
  }

  private async append(text: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await mkdir(dirname(this.file), { recursive: true });
      // O_APPEND: notes of concurrent writers never interleave inside a line.
      const handle = await open(this.file, 'a+');
      try {
        const { size } = await handle.stat();
        const first = Buffer.alloc(1);
        if (size > 0) await handle.read(first, 0, 1, 0);
        // Created just now by this open (cache/ deleted), or due for a new one: start a fresh log first.
        const fresh = size > 0 && first[0] === HEADER.charCodeAt(0) && size <= MAX_LOG_BYTES;
        if (fresh || attempt > 0) {
          await handle.write(text);
          return;
        }
      } finally {
        await handle.close();
      }
      await this.start(true);
    }
  }

  /** Creates a log with a fresh id; `replace`: over an existing one (rotation), else only if there is none. */
  private async start(replace: boolean): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${newToken()}.tmp`;
    try {
      await writeFile(temp, `${HEADER}${newToken()}${newToken()}\n`, { flag: 'wx' });
      if (replace) await rename(temp, this.file);
      else
        await link(temp, this.file).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
    } finally {
      await rm(temp, { force: true });
    }
  }
}

function parseHeader(head: Buffer): { id: string; offset: number } | null {
  const text = head.toString('latin1');
  const end = text.indexOf('\n');
  if (!text.startsWith(HEADER) || end < 0) return null;
  return { id: text.slice(HEADER.length, end), offset: end + 1 };
}
