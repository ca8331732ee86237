import type { Stage } from '../core/types.js';

/**
 * Progress of a generation run, as a tagged union on `kind`. The CLI's progress
 * display and the TUI's gauges both render these; a formatter per kind keeps
 * them complete (the compiler checks the switch).
 */
export type PipelineEvent =
  /** More work of a stage became known (the tree grows as it is generated). */
  | { kind: 'planned'; stage: Stage; count: number }
  /** Work that was already done before this run started (resumed runs). */
  | { kind: 'skipped'; stage: Stage; count: number }
  | { kind: 'started'; stage: Stage; target: string; label: string }
  | {
      kind: 'done';
      stage: Stage;
      target: string;
      label: string;
      /** Items written: tags or questions created, 1 for a candidate. */
      items: number;
      tokens: number;
      latencyMs: number;
      truncated?: boolean;
    }
  | { kind: 'failed'; stage: Stage; target: string; label: string; reason: string }
  /** A non-fatal oddity worth showing: a bad list answer asked again, a duplicate dropped. */
  | { kind: 'warning'; stage: Stage; target: string; message: string }
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
  elapsedMs: number;
  /** True when the run was stopped (Ctrl-C, an abort) before it finished. */
  aborted: boolean;
}

export type PipelineListener = (event: PipelineEvent) => void;

export function emptyStageCounts(): Record<Stage, StageCounts> {
  const zero = (): StageCounts => ({ planned: 0, skipped: 0, done: 0, failed: 0 });
  return { tags: zero(), questions: zero(), answers: zero() };
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
      stages[event.stage].done += 1;
      return;
    case 'failed':
      stages[event.stage].failed += 1;
      return;
    case 'started':
    case 'warning':
    case 'finished':
      return;
  }
}
