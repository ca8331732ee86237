import type { DecisionEntry } from '../core/types.js';
import { DecisionJournal, reviewerKey } from './decision-journal.js';
import { readLog } from './jsonl-log.js';
import { LogAppender } from './log-appender.js';
import { SerialQueue } from './serial-queue.js';
import { isDecisionEntry } from './record-guards.js';

export interface AppendOutcome {
  /** Non-fatal: a torn line left by someone else was set aside first. */
  warnings: string[];
  /** How far the journal had been read when the append began; `changed` covers every line applied since. */
  fromOffset: number;
  /** Ids of the lines applied by this append (ours, and any another process wrote just before). */
  changed: string[];
}

/**
 * The decision journal file of one tag, replayed line by line into `journal`. Which decision
 * is in effect is worked out from it (and the candidate as it is now) by the store; this class
 * only reads and appends, in file order, whoever wrote.
 */
export class DecisionShard {
  readonly journal = new DecisionJournal();
  private offset = 0;
  /** Ids of lines other processes wrote that an append of ours read back: reported by the next catch-up. */
  private readonly unreported = new Set<string>();
  private readonly queue = new SerialQueue();
  private readonly appender: LogAppender;

  constructor(readonly file: string) {
    this.appender = new LogAppender(file);
  }

  get readOffset(): number {
    return this.offset;
  }

  /** Reads what was appended since; returns the ids whose lines changed (also those read back by our own appends). */
  catchUp(): Promise<string[]> {
    return this.queue.run(async () => {
      const changed = new Set(this.unreported);
      this.unreported.clear();
      for (const entry of await this.readNew()) changed.add(entry.id);
      return [...changed];
    });
  }

  private async readNew(): Promise<DecisionEntry[]> {
    const read = await readLog<DecisionEntry>(this.file, this.offset, isDecisionEntry);
    this.offset = read.endOffset;
    for (const entry of read.records) this.journal.apply(entry);
    return read.records;
  }

  /** Resolves once the lines are on disk (fsync'd). */
  append(entries: readonly DecisionEntry[]): Promise<AppendOutcome> {
    return this.queue.run(() => this.appendNow(entries));
  }

  private async appendNow(entries: readonly DecisionEntry[]): Promise<AppendOutcome> {
    const fromOffset = this.offset;
    const { sizeBefore, sizeAfter, bytes, warnings } = await this.appender.append(entries, this.offset);
    if (sizeBefore === this.offset && sizeAfter === sizeBefore + bytes) {
      for (const entry of entries) this.journal.apply(entry);
      this.offset = sizeAfter;
      return { warnings, fromOffset, changed: entries.map((entry) => entry.id) };
    }
    // Another process appended before or around our write: read everything from where we were,
    // in file order. Its lines must still reach whoever shows this tag: remember them for the
    // next catch-up (the refresh), since the file holds nothing new for it any more.
    const own = new Set(entries.map(lineKey));
    const read = await this.readNew();
    for (const entry of read) if (!own.has(lineKey(entry))) this.unreported.add(entry.id);
    return { warnings, fromOffset, changed: read.map((entry) => entry.id) };
  }
}

function lineKey(entry: DecisionEntry): string {
  return `${entry.id}\u0000${entry.at}\u0000${reviewerKey(entry)}\u0000${entry.status}`;
}
