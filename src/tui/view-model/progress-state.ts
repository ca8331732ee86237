// Generation progress folded from pipeline events, for the gauges and the line under them.
import type { Stage } from '../../core/types.js';
import { type PipelineEvent, type RunSummary, type StageCounts, applyEvent, emptyStageCounts } from '../../pipeline/events.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import { formatEventLine, formatWaiting } from '../../pipeline/format-event.js';
import type { StyledLine } from './styled-text.js';

export const STAGES: readonly Stage[] = ['tags', 'questions', 'answers'];

export class ProgressState {
  readonly stages: Record<Stage, StageCounts> = emptyStageCounts();
  running = true;
  current = '';
  lastProblem: string | null = null;
  tokens = 0;
  summary: RunSummary | null = null;
  error: string | null = null;
  /** The heartbeat while requests wait ("8 requests waiting, the oldest 42 s"), or null. */
  waiting: string | null = null;

  constructor(readonly title: string) {}

  apply(event: PipelineEvent): void {
    applyEvent(this.stages, event);
    switch (event.kind) {
      case 'started':
        this.current = `${event.stage}: ${sanitizeLine(event.label)}`;
        return;
      case 'done':
        this.tokens += event.tokens;
        return;
      case 'failed':
        this.lastProblem = `failed ${sanitizeLine(event.label)}: ${sanitizeLine(event.reason)}`;
        return;
      case 'warning':
        this.lastProblem = sanitizeLine(event.message);
        return;
      case 'teacher-down':
        this.lastProblem = sanitizeLine(formatEventLine(event) ?? event.reason);
        return;
      case 'waiting':
        this.waiting = event.requests > 0 && event.oldestMs >= 3_000 ? formatWaiting(event.requests, event.oldestMs) : null;
        return;
      case 'finished':
        this.summary = event.summary;
        this.running = false;
        return;
      case 'planned':
      case 'skipped':
        return;
    }
  }

  /** Share of a stage's known work that is finished (done, failed or already there), 0..1. */
  fraction(stage: Stage): number {
    const counts = this.stages[stage];
    const total = counts.planned + counts.skipped;
    if (total === 0) return 0;
    return Math.min(1, (counts.done + counts.failed + counts.skipped) / total);
  }

  stageLabel(stage: Stage): string {
    const c = this.stages[stage];
    const failed = c.failed > 0 ? ` ✗${c.failed}` : '';
    return `${stage} ${c.done + c.skipped}/${c.planned + c.skipped}${failed}`;
  }

  line(): StyledLine {
    if (this.error) return [{ text: this.error, tone: 'error' }];
    if (!this.running && this.summary) {
      const failed = STAGES.reduce((sum, stage) => sum + this.summary!.stages[stage].failed, 0);
      return [
        { text: this.summary.aborted ? 'stopped' : 'finished', tone: this.summary.aborted ? 'flag' : 'accepted' },
        { text: ` in ${(this.summary.elapsedMs / 1000).toFixed(1)} s, ${this.summary.tokens} tokens` },
        ...(failed > 0 ? [{ text: `, ${failed} failed (run again to retry)`, tone: 'flag' as const }] : []),
      ];
    }
    return [
      { text: this.current || 'starting…' },
      ...(this.waiting ? [{ text: `  ${this.waiting}`, tone: 'dim' as const }] : []),
      ...(this.lastProblem ? [{ text: `  ${this.lastProblem}`, tone: 'flag' as const }] : []),
    ];
  }
}
