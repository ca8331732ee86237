// A decision journal replayed in memory: every reviewer's lines per candidate, in file order.
// The file-backed shard and the in-memory test store both keep one.
import type { Vote } from '../core/review-resolution.js';
import type { DecisionEntry } from '../core/types.js';

/** A journal line with its position in the file (later lines are later decisions). */
export interface JournalLine extends DecisionEntry {
  seq: number;
}

export class DecisionJournal {
  /** Lines per candidate id, in file order. */
  readonly lines = new Map<string, JournalLine[]>();
  private seq = 0;

  apply(entry: DecisionEntry): void {
    const line: JournalLine = { ...entry, seq: this.seq++ };
    const list = this.lines.get(entry.id);
    if (list) list.push(line);
    else this.lines.set(entry.id, [line]);
  }

  /** Each reviewer's latest line on a candidate, as votes (a withdrawn decision, "pending", is none). */
  votes(id: string): Vote[] {
    const latest = new Map<string, JournalLine>();
    for (const line of this.lines.get(id) ?? []) latest.set(reviewerKey(line), line);
    const votes: Vote[] = [];
    for (const line of latest.values()) if (line.status !== 'pending') votes.push(voteOf(line));
    return votes;
  }

  /** Each decided candidate id with its reviewers' latest votes. */
  *allVotes(): Generator<[string, Vote[]]> {
    for (const id of this.lines.keys()) yield [id, this.votes(id)];
  }

  get size(): number {
    return this.lines.size;
  }
}

/** A journal line as it is in the file. */
export function withoutSeq(line: JournalLine): DecisionEntry {
  const { seq: _seq, ...entry } = line;
  return entry;
}

/** Lines of one reviewer replace each other; an adjudicator's are kept apart from their reviews. */
export function reviewerKey(entry: DecisionEntry): string {
  return `${entry.adjudicator ? 'adjudicator:' : ''}${entry.reviewer ?? ''}`;
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
