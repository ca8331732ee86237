// A reviewer's own decisions as undo steps, read back from a tag's journal: what survives a
// restart of the TUI, and what `distill undo` reverts. A step is the lines one decide() call
// wrote (they share their `at`). Per candidate, a reviewer's lines form a stack: a decision
// pushes, an undo line (`undoes`) pops and carries the status below it, so undoing several
// times walks back through the reviewer's own decisions and never touches anyone else's.
import type { DecisionEntry } from '../core/types.js';
import { reviewerKey, withoutSeq, type JournalLine } from './decision-journal.js';

export interface UndoStep {
  reviewer: string;
  at: string;
  /** The step's lines that are still on top of the reviewer's own history of their candidate. */
  entries: DecisionEntry[];
}

/** A decision by someone else on a candidate, made after the line being undone. */
export interface LaterDecision {
  id: string;
  reviewer: string;
  status: DecisionEntry['status'];
  at: string;
}

export interface UndoPlan {
  lines: DecisionEntry[];
  /** Candidates of the step the reviewer has decided again since (or already undone). */
  skipped: string[];
  othersSince: LaterDecision[];
}

/** The reviewer's own decisions on one candidate still in force, oldest first, per role (reviewing, adjudicating). */
function ownStacks(lines: readonly JournalLine[], reviewer: string): JournalLine[][] {
  const stacks = new Map<string, JournalLine[]>();
  for (const line of lines) {
    if ((line.reviewer ?? '') !== reviewer) continue;
    const role = reviewerKey(line);
    let stack = stacks.get(role);
    if (!stack) stacks.set(role, (stack = []));
    if (line.undoes === undefined) stack.push(line);
    else if (stack.at(-1)?.at === line.undoes) stack.pop();
  }
  return [...stacks.values()];
}

/** The reviewer's undoable steps in one journal, newest first. */
export function undoableSteps(journal: ReadonlyMap<string, readonly JournalLine[]>, reviewer: string): UndoStep[] {
  const steps = new Map<string, DecisionEntry[]>();
  for (const lines of journal.values()) {
    for (const stack of ownStacks(lines, reviewer)) {
      const top = stack.at(-1);
      if (!top) continue;
      const list = steps.get(top.at);
      if (list) list.push(withoutSeq(top));
      else steps.set(top.at, [withoutSeq(top)]);
    }
  }
  return [...steps].map(([at, entries]) => ({ reviewer, at, entries })).sort(newestFirst);
}

export function newestFirst(a: { at: string }, b: { at: string }): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : 0;
}

/** The lines that revert the reviewer's step `at` on the given candidates of one journal. */
export function planUndo(
  journal: ReadonlyMap<string, readonly JournalLine[]>,
  reviewer: string,
  at: string,
  ids: Iterable<string>,
  now: string,
): UndoPlan {
  const plan: UndoPlan = { lines: [], skipped: [], othersSince: [] };
  for (const id of new Set(ids)) {
    const lines = journal.get(id) ?? [];
    const stacks = ownStacks(lines, reviewer).filter((stack) => stack.at(-1)?.at === at);
    if (stacks.length === 0) plan.skipped.push(id);
    for (const stack of stacks) {
      const target = stack.at(-1)!;
      const previous = stack.at(-2);
      plan.lines.push({
        id,
        status: previous?.status ?? 'pending',
        ...(previous?.reason === undefined ? {} : { reason: previous.reason }),
        at: now,
        reviewer,
        ...((previous ?? target).gen === undefined ? {} : { gen: (previous ?? target).gen! }),
        ...((previous ?? target).questionHash === undefined ? {} : { questionHash: (previous ?? target).questionHash! }),
        ...(target.adjudicator ? { adjudicator: true as const } : {}),
        undoes: at,
      });
      const later = new Map<string, JournalLine>();
      for (const line of lines) if (line.seq > target.seq && (line.reviewer ?? '') !== reviewer) later.set(reviewerKey(line), line);
      for (const line of later.values()) plan.othersSince.push({ id, reviewer: line.reviewer ?? '', status: line.status, at: line.at });
    }
  }
  return plan;
}
