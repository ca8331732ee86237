import type { Failure, Stage } from '../core/types.js';

const EXAMPLES = 10;

/** What an import did, line by line; also the failures and successes for data/failures.json. */
export class ImportTally {
  lines = 0;
  readonly imported: Record<Stage, number> = { tags: 0, questions: 0, answers: 0, judge: 0 };
  /** Results for items that were already there (an earlier import, a live run): nothing added. */
  alreadyPresent = 0;
  /** Results whose question or tag was deleted since the export (judge: or whose candidate or question changed). */
  stale = 0;
  /** Lines whose custom_id distill did not write, or that name a tag this project never had. */
  unknown = 0;
  /** Results for a sample index the project never asked for (at or above K). */
  readonly refused: string[] = [];
  refusedCount = 0;
  readonly unreadable: string[] = [];
  unreadableCount = 0;
  readonly failures: Failure[] = [];
  readonly succeeded: string[] = [];

  fail(stage: Stage, target: string, reason: string): void {
    this.failures.push({ stage, target, reason, at: new Date().toISOString(), attempts: 1 });
  }

  succeed(stage: Stage, target: string, items: number): void {
    this.imported[stage] += items;
    this.succeeded.push(target);
  }

  refuse(target: string, reason: string): void {
    this.refusedCount += 1;
    if (this.refused.length < EXAMPLES) this.refused.push(`${target}: ${reason}`);
  }

  unreadableLine(where: string, problem: string): void {
    this.unreadableCount += 1;
    if (this.unreadable.length < EXAMPLES) this.unreadable.push(`${where}: ${problem}`);
  }
}
