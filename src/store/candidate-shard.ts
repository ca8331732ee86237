import type { Candidate } from '../core/types.js';
import { textLength } from '../core/candidate-text.js';
import { readCandidateLog } from './candidate-log-reader.js';
import { HUGE_LINE_BYTES } from './huge-candidate-line.js';
import { LogAppender } from './log-appender.js';
import { SerialQueue } from './serial-queue.js';

/**
 * The candidates of one tag, as read from its append-only shard. `offset` is
 * how far the file has been read; `catchUp` reads what other processes (or
 * this one) appended since. Appends that arrive while a write is under way
 * are written together in the next one: with many answers in flight, a
 * shard costs one write per batch rather than one per candidate.
 */
export class CandidateShard {
  readonly list: Candidate[] = [];
  private readonly byQuestion = new Map<string, Candidate[]>();
  private readonly ids = new Set<string>();
  private offset = 0;
  private readonly queue = new SerialQueue();
  private waiting: Candidate[] = [];
  private nextWrite: Promise<string[]> | null = null;
  /** Keeps its descriptor open between appends: the generator appends thousands of times a minute. */
  private readonly appender: LogAppender;

  constructor(readonly file: string) {
    this.appender = new LogAppender(file, true);
  }

  get readOffset(): number {
    return this.offset;
  }

  /** Returns the candidates that were new. */
  catchUp(): Promise<Candidate[]> {
    return this.queue.run(() => this.readNew());
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  ofQuestion(questionId: string): Candidate[] {
    return this.byQuestion.get(questionId) ?? [];
  }

  /** Resolves once the candidates are on disk; returns warnings (a torn line set aside). */
  async append(candidates: readonly Candidate[]): Promise<string[]> {
    const warnings = await this.write(candidates);
    await this.sync();
    return warnings;
  }

  /**
   * Resolves once the candidates are written (a kill -9 can no longer lose them), before
   * they are durable: `sync` says when they are. The generator frees a teacher's slot here.
   */
  write(candidates: readonly Candidate[]): Promise<string[]> {
    this.waiting.push(...candidates);
    this.nextWrite ??= this.queue.run(() => {
      const batch = this.waiting;
      this.waiting = [];
      this.nextWrite = null;
      return this.appendNow(batch);
    });
    return this.nextWrite;
  }

  /** Every write so far durable (one fdatasync shared by the writes that wait for it). */
  sync(): Promise<void> {
    return this.appender.sync();
  }

  private async readNew(): Promise<Candidate[]> {
    const read = await readCandidateLog(this.file, this.offset);
    this.offset = read.endOffset;
    return read.records.filter((candidate) => this.add(candidate));
  }

  private async appendNow(candidates: readonly Candidate[]): Promise<string[]> {
    const fresh = candidates.filter((candidate) => !this.ids.has(candidate.id));
    if (fresh.length === 0) return [];
    const { sizeBefore, sizeAfter, bytes, warnings } = await this.appender.write(fresh, this.offset);
    // A huge answer is read back from the file, so that it stays there (read when opened), not in memory.
    if (sizeBefore === this.offset && sizeAfter === sizeBefore + bytes && !fresh.some(isHuge)) {
      for (const candidate of fresh) this.add(candidate);
      this.offset = sizeAfter;
    } else {
      // Someone else appended too: read everything back in file order.
      await this.readNew();
    }
    return warnings;
  }

  /** Closes the append descriptor (when the store closes or drops this shard from memory). */
  close(): Promise<void> {
    return this.queue.run(() => this.appender.close());
  }

  /** A duplicate id (two writers raced) keeps the first, like a rerun would. */
  private add(candidate: Candidate): boolean {
    if (this.ids.has(candidate.id)) return false;
    this.ids.add(candidate.id);
    this.list.push(candidate);
    const siblings = this.byQuestion.get(candidate.questionId);
    if (siblings) siblings.push(candidate);
    else this.byQuestion.set(candidate.questionId, [candidate]);
    return true;
  }
}

function isHuge(candidate: Candidate): boolean {
  return textLength(candidate, 'reasoning') + textLength(candidate, 'answer') > HUGE_LINE_BYTES;
}
