import type { DecisionEntry } from '../core/types.js';
import type { Vote } from '../core/review-resolution.js';
import { appendLog, readLog, setAsideTornTail } from './jsonl-log.js';
import { SerialQueue } from './serial-queue.js';
import { isDecisionEntry } from './record-guards.js';

/** A journal line with its position in the file (later lines are later decisions). */
export interface JournalLine extends DecisionEntry {
  seq: number;
}

/**
 * The decision journal of one tag, replayed line by line: every reviewer's lines per
 * candidate, in file order. Which decision is in effect is worked out from these (and the
 * candidate as it is now) by the store; this class only reads and appends, in file order,
 * whoever wrote.
 */
export class DecisionShard {
  /** Lines per candidate id, in file order. */
  readonly lines = new Map<string, JournalLine[]>();
  private offset = 0;
  private seq = 0;
  private tailChecked = false;
  /** Ids of lines other processes wrote that an append of ours read back: reported by the next catch-up. */
  private readonly unreported = new Set<string>();
  private readonly queue = new SerialQueue();

  constructor(readonly file: string) {}

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
    for (const entry of read.records) this.apply(entry);
    return read.records;
  }

  /** Resolves once the lines are on disk (fsync'd); returns warnings (a torn line set aside). */
  append(entries: readonly DecisionEntry[]): Promise<string[]> {
    return this.queue.run(() => this.appendNow(entries));
  }

  private async appendNow(entries: readonly DecisionEntry[]): Promise<string[]> {
    const warnings: string[] = [];
    if (!this.tailChecked) {
      const warning = await setAsideTornTail(this.file);
      if (warning) warnings.push(warning);
      this.tailChecked = true;
    }
    const { sizeBefore, sizeAfter, bytes } = await appendLog(this.file, entries, true);
    if (sizeBefore === this.offset && sizeAfter === sizeBefore + bytes) {
      for (const entry of entries) this.apply(entry);
      this.offset = sizeAfter;
      return warnings;
    }
    // Another process appended before or around our write: read everything from where we were,
    // in file order. Its lines must still reach whoever shows this tag: remember them for the
    // next catch-up (the refresh), since the file holds nothing new for it any more.
    const own = new Set(entries.map(lineKey));
    for (const entry of await this.readNew()) if (!own.has(lineKey(entry))) this.unreported.add(entry.id);
    return warnings;
  }

  /** Each reviewer's latest line on a candidate, as votes (a withdrawn decision, "pending", is none). */
  votes(id: string): Vote[] {
    const latest = new Map<string, JournalLine>();
    for (const line of this.lines.get(id) ?? []) latest.set(reviewerKey(line), line);
    const votes: Vote[] = [];
    for (const line of latest.values()) if (line.status !== 'pending') votes.push(voteOf(line));
    return votes;
  }

  ids(): IterableIterator<string> {
    return this.lines.keys();
  }

  private apply(entry: DecisionEntry): void {
    const line: JournalLine = { ...entry, seq: this.seq++ };
    const list = this.lines.get(entry.id);
    if (list) list.push(line);
    else this.lines.set(entry.id, [line]);
  }
}

/** Lines of one reviewer replace each other; an adjudicator's are kept apart from their reviews. */
export function reviewerKey(entry: DecisionEntry): string {
  return `${entry.adjudicator ? 'adjudicator:' : ''}${entry.reviewer ?? ''}`;
}

function lineKey(entry: DecisionEntry): string {
  return `${entry.id}\u0000${entry.at}\u0000${reviewerKey(entry)}\u0000${entry.status}`;
}

function voteOf(line: JournalLine): Vote {
  return {
    reviewer: line.reviewer ?? '',
    status: line.status as Vote['status'],
    at: line.at,
    seq: line.seq,
    adjudicator: line.adjudicator === true,
    ...(line.reason === undefined ? {} : { reason: line.reason }),
    ...(line.gen === undefined ? {} : { gen: line.gen }),
    ...(line.questionHash === undefined ? {} : { questionHash: line.questionHash }),
  };
}
