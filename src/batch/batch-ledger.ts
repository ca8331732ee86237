// What the Batch bridge has sent out and had back, in data/batch-ledger.jsonl (append-only, one
// line per request file written and per results file imported). A request is "out" from the
// export that wrote it until a result for it is imported, so a second export does not ask for it
// again, and an import knows which sample indexes were really asked for.
import { join } from 'node:path';
import type { Stage } from '../core/types.js';
import { readLog } from '../store/jsonl-log.js';
import { LogAppender } from '../store/log-appender.js';

export interface LedgerOut {
  kind: 'out';
  at: string;
  stage: Stage;
  file: string;
  /** answers: the samples per question the export asked for. */
  candidates?: number;
  ids: string[];
}

export interface LedgerBack {
  kind: 'back';
  at: string;
  file: string;
  ids: string[];
}

export type LedgerEntry = LedgerOut | LedgerBack;

function isLedgerEntry(value: unknown): value is LedgerEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (entry.kind === 'out' || entry.kind === 'back') && typeof entry.file === 'string' && Array.isArray(entry.ids);
}

const BACK = -1;

export class BatchLedger {
  /** custom_id -> index into `files` of the export it is out in, or BACK once a result came in. */
  private readonly state = new Map<string, number>();
  private readonly files: string[] = [];
  private largestCandidates = 0;
  /** How far whole lines were read or written: the appender checks the tail only past it. */
  private cleanEnd = 0;

  private constructor(private readonly file: string) {}

  static pathIn(projectDir: string): string {
    return join(projectDir, 'data', 'batch-ledger.jsonl');
  }

  static async read(projectDir: string): Promise<BatchLedger> {
    const ledger = new BatchLedger(BatchLedger.pathIn(projectDir));
    // A torn last line (a killed export) is left out: its file's requests are simply not out.
    const { records, endOffset } = await readLog<LedgerEntry>(ledger.file, 0, isLedgerEntry);
    for (const entry of records) ledger.apply(entry);
    ledger.cleanEnd = endOffset;
    return ledger;
  }

  /** The request file a custom_id is out in, when it is out (exported, no result imported since). */
  outIn(customId: string): string | undefined {
    const index = this.state.get(customId);
    return index === undefined || index === BACK ? undefined : this.files[index];
  }

  /** The most samples per question any answers export asked for (0: none recorded). */
  get candidatesAskedFor(): number {
    return this.largestCandidates;
  }

  async recordOut(entry: Omit<LedgerOut, 'kind' | 'at'>): Promise<void> {
    await this.append({ kind: 'out', at: new Date().toISOString(), ...entry });
  }

  async recordBack(file: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.append({ kind: 'back', at: new Date().toISOString(), file, ids });
  }

  private async append(entry: LedgerEntry): Promise<void> {
    // Fsync'd, and set behind any torn line a killed writer left.
    const { sizeAfter } = await new LogAppender(this.file).append([entry], this.cleanEnd);
    this.cleanEnd = sizeAfter;
    this.apply(entry);
  }

  private apply(entry: LedgerEntry): void {
    if (entry.kind === 'back') {
      for (const id of entry.ids) if (this.state.has(id)) this.state.set(id, BACK);
      return;
    }
    const index = this.files.push(entry.file) - 1;
    for (const id of entry.ids) this.state.set(id, index);
    if (entry.stage === 'answers' && typeof entry.candidates === 'number') {
      this.largestCandidates = Math.max(this.largestCandidates, entry.candidates);
    }
  }
}
