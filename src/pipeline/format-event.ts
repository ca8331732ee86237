import type { Stage } from '../core/types.js';
import type { PipelineEvent, RunSummary, StageCounts } from './events.js';

const STAGE_LABEL: Record<Stage, string> = { tags: 'tags', questions: 'questions', answers: 'answers' };

/**
 * The log line an event deserves, or null for events only counters care about.
 * One case per kind: the compiler checks that a new kind gets a format.
 */
export function formatEventLine(event: PipelineEvent): string | null {
  switch (event.kind) {
    case 'planned':
    case 'skipped':
    case 'started':
      return null;
    case 'done':
      return event.truncated
        ? `${STAGE_LABEL[event.stage]}: ${event.target} was cut off by the token limit (kept, flagged truncated)`
        : null;
    case 'failed':
      return `${STAGE_LABEL[event.stage]}: ${event.label} failed: ${event.reason}`;
    case 'warning':
      return `${STAGE_LABEL[event.stage]}: ${event.target}: ${event.message}`;
    case 'finished':
      return formatSummary(event.summary);
  }
}

/** What a stage is working on now, from its 'started' event (a live status line). */
export function formatStartedWork(event: Extract<PipelineEvent, { kind: 'started' }>): string {
  return `${STAGE_LABEL[event.stage]}: ${event.label}`;
}

export function formatStageCounts(counts: StageCounts): string {
  const total = counts.planned;
  const parts = [`${counts.done}/${total}`];
  if (counts.skipped > 0) parts.push(`${counts.skipped} already done`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  return parts.join(', ');
}

export function formatSummary(summary: RunSummary): string {
  const stages = (Object.keys(summary.stages) as Stage[])
    .filter((stage) => summary.stages[stage].planned + summary.stages[stage].skipped > 0)
    .map((stage) => `${STAGE_LABEL[stage]} ${formatStageCounts(summary.stages[stage])}`);
  const head = summary.aborted ? 'Stopped' : 'Finished';
  return `${head} in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${stages.join('; ') || 'nothing to do'}; ${summary.tokens.toLocaleString('en-US')} tokens.`;
}
