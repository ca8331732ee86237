import type { Decision, DecisionEntry } from '../core/types.js';
import { readLog } from './jsonl-log.js';
import { LogAppender } from './log-appender.js';
import { SerialQueue } from './serial-queue.js';
import { isDecisionEntry } from './record-guards.js';

/**
 * The decisions of one tag: a journal replayed into a map. Entries hold full
 * states, so replaying an entry twice, or one written by another process in
 * between, still ends in the state of the last entry in file order.
 */
export class DecisionShard {
  readonly current = new Map<string, Decision>();
  private offset = 0;
  private readonly queue = new SerialQueue();
  private readonly appender: LogAppender;

  constructor(readonly file: string) {
    this.appender = new LogAppender(file);
  }

  get readOffset(): number {
    return this.offset;
  }

  /** Returns the ids whose decision changed. */
  catchUp(): Promise<string[]> {
    return this.queue.run(() => this.readNew());
  }

  private async readNew(): Promise<string[]> {
    const read = await readLog<DecisionEntry>(this.file, this.offset, isDecisionEntry);
    this.offset = read.endOffset;
    for (const entry of read.records) this.apply(entry);
    return read.records.map((entry) => entry.id);
  }

  append(entries: readonly DecisionEntry[]): Promise<string[]> {
    return this.queue.run(() => this.appendNow(entries));
  }

  private async appendNow(entries: readonly DecisionEntry[]): Promise<string[]> {
    const { sizeBefore, sizeAfter, bytes, warnings } = await this.appender.append(entries, this.offset);
    if (sizeBefore !== this.offset) {
      // Another reviewer wrote since we last read: replay from where we were, in file order.
      await this.readNew();
      return warnings;
    }
    for (const entry of entries) this.apply(entry);
    // If another reviewer appended at the same moment, leave the offset before both
    // so the next catch-up replays them in file order.
    if (sizeAfter === sizeBefore + bytes) this.offset = sizeAfter;
    return warnings;
  }

  counts(): { accepted: number; rejected: number } {
    let accepted = 0;
    let rejected = 0;
    for (const decision of this.current.values()) {
      if (decision.status === 'accepted') accepted++;
      else if (decision.status === 'rejected') rejected++;
    }
    return { accepted, rejected };
  }

  private apply(entry: DecisionEntry): void {
    if (entry.status === 'pending') {
      this.current.delete(entry.id);
      return;
    }
    this.current.set(entry.id, {
      status: entry.status,
      at: entry.at,
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    });
  }
}
