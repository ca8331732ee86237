// Generation progress folded from pipeline events, for the gauges and the line under them. The
// words are the CLI's (pipeline/format-event.ts), so both say the same thing about a run.
import type { Stage } from '../../core/types.js';
import { type PipelineEvent, type RunSummary, type StageCounts, applyEvent, emptyStageCounts } from '../../pipeline/events.js';
import { formatEventLine, formatStageCounts, formatStartedWork, formatSummary, formatWaiting } from '../../pipeline/format-event.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
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
    if (event.kind === 'started') this.current = sanitizeLine(formatStartedWork(event));
    if (event.kind === 'done') this.tokens += event.tokens;
    if (event.kind === 'finished') {
      this.summary = event.summary;
      this.running = false;
      return;
    }
    if (event.kind === 'waiting') {
      this.waiting = event.requests > 0 && event.oldestMs >= 3_000 ? formatWaiting(event.requests, event.oldestMs) : null;
      return;
    }
    // Failures, warnings, cut-off answers, a teacher that stopped: the line the CLI prints for them.
    const line = formatEventLine(event);
    if (line !== null) this.lastProblem = sanitizeLine(line);
  }

  /** Share of a stage's known work that is finished (done, failed or already there), 0..1. */
  fraction(stage: Stage): number {
    const counts = this.stages[stage];
    const total = counts.planned + counts.skipped;
    if (total === 0) return 0;
    return Math.min(1, (counts.done + counts.failed + counts.skipped) / total);
  }

  stageLabel(stage: Stage): string {
    return `${stage} ${formatStageCounts(this.stages[stage])}`;
  }

  line(): StyledLine {
    if (this.error) return [{ text: this.error, tone: 'error' }];
    if (!this.running && this.summary) {
      const failed = STAGES.reduce((sum, stage) => sum + this.summary!.stages[stage].failed, 0);
      const tone = this.summary.aborted || failed > 0 ? 'flag' : 'accepted';
      return [
        { text: formatSummary(this.summary), tone },
        ...(failed > 0 ? [{ text: ' Press c to generate again and retry them.', tone: 'flag' as const }] : []),
      ];
    }
    return [
      { text: this.current || 'starting…' },
      ...(this.waiting ? [{ text: `  ${this.waiting}`, tone: 'dim' as const }] : []),
      ...(this.lastProblem ? [{ text: `  ${this.lastProblem}`, tone: 'flag' as const }] : []),
    ];
  }
}
