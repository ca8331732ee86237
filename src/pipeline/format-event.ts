import type { Stage } from '../core/types.js';
import type { PipelineEvent, RunSummary, StageCounts } from './events.js';
import { formatUsd } from './spending.js';

const STAGE_LABEL: Record<Stage, string> = { tags: 'tags', questions: 'questions', answers: 'answers', judge: 'judge' };

/**
 * The log line an event deserves, or null for events only counters care about.
 * One case per kind: the compiler checks that a new kind gets a format.
 */
export function formatEventLine(event: PipelineEvent): string | null {
  switch (event.kind) {
    case 'planned':
    case 'skipped':
    case 'started':
    case 'waiting':
      return null;
    case 'done':
      if (!event.truncated) return null;
      return event.cutBy === 'size'
        ? `${STAGE_LABEL[event.stage]}: ${event.target} passed the size limit (maxAnswerChars) and was cut there (kept, flagged truncated)`
        : `${STAGE_LABEL[event.stage]}: ${event.target} was cut off by the token limit (kept, flagged truncated)`;
    case 'failed':
      return `${STAGE_LABEL[event.stage]}: ${event.label} failed${event.teacher ? ` (teacher "${event.teacher}")` : ''}: ${event.reason}`;
    case 'warning':
      return `${STAGE_LABEL[event.stage]}: ${event.target}: ${event.message}`;
    case 'teacher-down':
      return `teacher "${event.teacher}" stopped taking work: ${event.reason}; its share goes to ${event.remaining.map((name) => `"${name}"`).join(', ')} (the next run tries it again)`;
    case 'finished':
      return formatSummary(event.summary);
  }
}

/** "8 requests waiting, the oldest 42 s": what a run says while nothing else moves. */
export function formatWaiting(requests: number, oldestMs: number): string {
  return `${plural(requests, 'request')} waiting, the oldest ${Math.floor(oldestMs / 1000)} s`;
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
  const head = summary.stoppedBy === 'budget' ? 'Stopped at the budget' : summary.aborted ? 'Stopped' : 'Finished';
  const cost = summary.cost !== null ? `, ${formatUsd(summary.cost)}` : '';
  return `${head} in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${stages.join('; ') || 'nothing to do'}; ${summary.tokens.toLocaleString('en-US')} tokens${cost}.`;
}

/** "1 request", "2 requests". */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
