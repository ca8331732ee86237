import type { Stage } from '../core/types.js';

/**
 * Progress of a generation run, as a tagged union on `kind`. The CLI's progress
 * display and the TUI's gauges both render these; a formatter per kind keeps
 * them complete (the compiler checks the switch).
 */
export type PipelineEvent =
  /** More work of a stage became known (the tree grows as it is generated): tags, questions or answers to write. */
  | { kind: 'planned'; stage: Stage; count: number }
  /** Items that were already there before this run started (resumed runs). */
  | { kind: 'skipped'; stage: Stage; count: number }
  | { kind: 'started'; stage: Stage; target: string; label: string; teacher?: string }
  | {
      kind: 'done';
      stage: Stage;
      target: string;
      label: string;
      /** Items written: tags or questions created, 1 for a candidate. */
      items: number;
      tokens: number;
      latencyMs: number;
      /** The pool teacher that did it. */
      teacher?: string;
      /** US dollars at the teacher's price; absent when it has none. */
      cost?: number;
      truncated?: boolean;
      /** Why the answer was cut: the token limit, or distill's own size limit. */
      cutBy?: 'tokens' | 'size';
    }
  | {
      kind: 'failed';
      stage: Stage;
      target: string;
      label: string;
      reason: string;
      teacher?: string;
      /** Items it was for: a candidate is 1, a list the tags or questions it did not bring (default 1). */
      items?: number;
    }
  /** A non-fatal oddity worth showing: a bad list answer asked again, a duplicate dropped. */
  | { kind: 'warning'; stage: Stage; target: string; message: string }
  /** A teacher stopped taking work for the rest of the run; its share goes to `remaining`. */
  | { kind: 'teacher-down'; teacher: string; reason: string; remaining: string[] }
  /** The heartbeat while requests are out: how many, and how long the oldest has waited. */
  | { kind: 'waiting'; requests: number; oldestMs: number }
  | { kind: 'finished'; summary: RunSummary };

export interface StageCounts {
  planned: number;
  skipped: number;
  done: number;
  failed: number;
}

export interface RunSummary {
  stages: Record<Stage, StageCounts>;
  tokens: number;
  /** US dollars spent at the teachers' prices; null when no teacher has a price. */
  cost: number | null;
  elapsedMs: number;
  /** True when the run was stopped (Ctrl-C, an abort) before it finished. */
  aborted: boolean;
  /** Set when the run stopped itself cleanly before the end: its --budget was spent. */
  stoppedBy?: 'budget';
}

export type PipelineListener = (event: PipelineEvent) => void;

export function emptyStageCounts(): Record<Stage, StageCounts> {
  const zero = (): StageCounts => ({ planned: 0, skipped: 0, done: 0, failed: 0 });
  return { tags: zero(), questions: zero(), answers: zero(), judge: zero() };
}

/** Folds events into per-stage counters; both renderers keep one of these. */
export function applyEvent(stages: Record<Stage, StageCounts>, event: PipelineEvent): void {
  switch (event.kind) {
    case 'planned':
      stages[event.stage].planned += event.count;
      return;
    case 'skipped':
      stages[event.stage].skipped += event.count;
      return;
    case 'done':
      stages[event.stage].done += event.items;
      return;
    case 'failed':
      stages[event.stage].failed += event.items ?? 1;
      return;
    case 'started':
    case 'warning':
    case 'teacher-down':
    case 'waiting':
    case 'finished':
      return;
  }
}
