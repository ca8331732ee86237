import type { Candidate } from '../core/types.js';
import { appendLog, readLog, setAsideTornTail } from './jsonl-log.js';
import { SerialQueue } from './serial-queue.js';
import { isCandidate } from './record-guards.js';

/**
 * The candidates of one tag, as read from its append-only shard. `offset` is
 * how far the file has been read; `catchUp` reads what other processes (or
 * this one) appended since.
 */
export class CandidateShard {
  readonly list: Candidate[] = [];
  private readonly byQuestion = new Map<string, Candidate[]>();
  private readonly ids = new Set<string>();
  private offset = 0;
  private tailChecked = false;
  private readonly queue = new SerialQueue();

  constructor(readonly file: string) {}

  get readOffset(): number {
    return this.offset;
  }

  /** Returns the candidates that were new. */
  catchUp(): Promise<Candidate[]> {
    return this.queue.run(() => this.readNew());
  }

  private async readNew(): Promise<Candidate[]> {
    const read = await readLog<Candidate>(this.file, this.offset, isCandidate);
    this.offset = read.endOffset;
    return read.records.filter((candidate) => this.add(candidate));
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  ofQuestion(questionId: string): Candidate[] {
    return this.byQuestion.get(questionId) ?? [];
  }

  /** Returns warnings (a torn line set aside). */
  append(candidates: readonly Candidate[]): Promise<string[]> {
    return this.queue.run(() => this.appendNow(candidates));
  }

  private async appendNow(candidates: readonly Candidate[]): Promise<string[]> {
    const warnings: string[] = [];
    if (!this.tailChecked) {
      const warning = await setAsideTornTail(this.file);
      if (warning) warnings.push(warning);
      this.tailChecked = true;
    }
    await this.readNew();
    const fresh = candidates.filter((candidate) => !this.ids.has(candidate.id));
    if (fresh.length === 0) return warnings;
    const before = this.offset;
    const bytes = fresh.reduce((sum, candidate) => sum + Buffer.byteLength(JSON.stringify(candidate)) + 1, 0);
    const sizeAfter = await appendLog(this.file, fresh, false);
    if (sizeAfter === before + bytes) {
      for (const candidate of fresh) this.add(candidate);
      this.offset = sizeAfter;
    } else {
      // Someone else appended too: read everything back in file order.
      await this.readNew();
    }
    return warnings;
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
