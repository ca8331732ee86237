import type { Stage } from '../core/types.js';
import { applyEvent, emptyStageCounts, type PipelineEvent, type StageCounts } from '../pipeline/events.js';
import { formatEventLine, formatWaiting } from '../pipeline/format-event.js';
import { formatUsd } from '../pipeline/spending.js';
import { sanitizeLine } from '../core/sanitize-text.js';

const STAGES: Stage[] = ['tags', 'questions', 'answers', 'judge'];
const REDRAW_MS = 100;
/** Without a terminal: a progress line at most this often, and at least this often while requests wait. */
const PLAIN_REPORT_MS = 5_000;
/** Requests waiting longer than this are worth a word. */
const WAITING_WORTH_SAYING_MS = 3_000;

function bar(counts: StageCounts, width: number): string {
  const total = Math.max(counts.planned, 1);
  const filled = Math.round((Math.min(counts.done + counts.failed, total) / total) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/**
 * Renders pipeline events for a terminal: a live block of progress bars on a
 * TTY (redrawn at most every 100 ms), or a progress line every few seconds
 * when output goes to a file or a pipe. Failures and warnings are printed as
 * they happen, above the block, each on one line. While requests wait, both
 * say how many and how long the oldest has waited (the heartbeat).
 */
export class ProgressDisplay {
  private readonly stages = emptyStageCounts();
  private tokens = 0;
  private cost: number | null = null;
  private waiting = { requests: 0, oldestMs: 0 };
  private readonly started = performance.now();
  private drawnLines = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastPlain = '';
  private lastPlainAt = performance.now();

  constructor(private readonly out: NodeJS.WritableStream & { isTTY?: boolean }) {}

  readonly listener = (event: PipelineEvent): void => {
    applyEvent(this.stages, event);
    if (event.kind === 'done') {
      this.tokens += event.tokens;
      if (event.cost !== undefined) this.cost = (this.cost ?? 0) + event.cost;
    }
    if (event.kind === 'waiting') this.waiting = { requests: event.requests, oldestMs: event.oldestMs };
    if (event.kind === 'finished') {
      this.stop();
      this.print(formatEventLine(event));
      return;
    }
    const line = formatEventLine(event);
    if (line) this.print(line);
    this.schedule();
  };

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.erase();
  }

  private print(line: string | null): void {
    if (!line) return;
    this.erase();
    this.out.write(sanitizeLine(line) + '\n');
    if (this.out.isTTY) this.draw();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.out.isTTY) this.draw();
      else this.reportPlain();
    }, REDRAW_MS);
    this.timer.unref();
  }

  private rate(): string {
    const seconds = (performance.now() - this.started) / 1000;
    // A judge run has no answers: its rate is of judgements.
    const judging = this.stages.answers.planned === 0 && this.stages.judge.planned > 0;
    const answers = judging ? this.stages.judge : this.stages.answers;
    const perSecond = seconds > 0 ? answers.done / seconds : 0;
    const left = answers.planned - answers.done - answers.failed;
    const eta = perSecond > 0 && left > 0 ? `, about ${Math.ceil(left / perSecond)} s left` : '';
    const spent = this.cost !== null ? `, ${formatUsd(this.cost)} spent` : '';
    return `${perSecond.toFixed(1)} ${judging ? 'judgements' : 'answers'}/s${eta}, ${this.tokens.toLocaleString('en-US')} tokens${spent}, ${seconds.toFixed(0)} s`;
  }

  private heartbeat(): string | null {
    if (this.waiting.requests === 0 || this.waiting.oldestMs < WAITING_WORTH_SAYING_MS) return null;
    return formatWaiting(this.waiting.requests, this.waiting.oldestMs);
  }

  private lines(): string[] {
    const lines = STAGES.filter((stage) => this.stages[stage].planned + this.stages[stage].skipped > 0).map((stage) => {
      const counts = this.stages[stage];
      const extra = [counts.skipped ? `${counts.skipped} already done` : '', counts.failed ? `${counts.failed} failed` : '']
        .filter(Boolean)
        .join(', ');
      return `${stage.padEnd(9)} ${bar(counts, 24)} ${String(counts.done).padStart(6)}/${counts.planned}${extra ? `  (${extra})` : ''}`;
    });
    lines.push(this.rate());
    const heartbeat = this.heartbeat();
    if (heartbeat) lines.push(heartbeat);
    return lines;
  }

  private draw(): void {
    this.erase();
    const lines = this.lines();
    this.out.write(lines.join('\n') + '\n');
    this.drawnLines = lines.length;
  }

  private erase(): void {
    if (this.drawnLines === 0) return;
    // Cursor up and clear to the end of the screen: the block is redrawn in place.
    this.out.write(`\x1b[${this.drawnLines}F\x1b[J`);
    this.drawnLines = 0;
  }

  private reportPlain(): void {
    const now = performance.now();
    if (now - this.lastPlainAt < PLAIN_REPORT_MS) {
      this.schedule();
      return;
    }
    const counts = STAGES.filter((stage) => this.stages[stage].planned > 0)
      .map((stage) => `${stage} ${this.stages[stage].done}/${this.stages[stage].planned}`)
      .join(', ');
    const spent = this.cost !== null ? `, ${formatUsd(this.cost)} spent` : '';
    const heartbeat = this.heartbeat();
    // Unchanged counts are said again only while requests wait: that is the sign of life.
    if (counts && (counts !== this.lastPlain || heartbeat)) {
      this.out.write(`progress: ${counts}${spent}${heartbeat ? `; ${heartbeat}` : ''}\n`);
      this.lastPlain = counts;
      this.lastPlainAt = now;
    }
  }
}
