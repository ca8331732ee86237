// What the review screen was doing while a key waited, for profiling the slow keys (p99) of
// the bench: with DISTILL_TUI_TRACE=FILE set, every key, paint, background read, refresh poll
// and garbage collection is recorded with its start and end on the system's monotonic clock
// (the bench's key log uses the same clock), and the list is written to FILE.PID on exit. Off
// (one check per call) when the variable is not set.
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';

interface TraceEvent {
  what: string;
  /** Microseconds on the monotonic clock (process.hrtime), start and end. */
  start: number;
  end: number;
}

const file = process.env.DISTILL_TUI_TRACE;
const events: TraceEvent[] = [];

/** The monotonic clock in microseconds (comparable between processes on one machine). */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

if (file) {
  // performance.now() counts from timeOrigin; the offset turns it into the monotonic clock.
  const offset = monotonicMicros() - performance.now() * 1000;
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1;
      const start = offset + entry.startTime * 1000;
      events.push({ what: `gc ${kinds[kind] ?? kind}`, start, end: start + entry.duration * 1000 });
    }
  }).observe({ entryTypes: ['gc'] });
  process.on('exit', () => writeFileSync(`${file}.${process.pid}`, events.map((event) => JSON.stringify(event)).join('\n') + '\n'));
}

/** Whether tracing is on (callers skip building labels otherwise). */
export const tracing = file !== undefined;

/** Records a span that ran from `start` (monotonicMicros) until now. */
export function traceSpan(what: string, start: number): void {
  if (file) events.push({ what, start, end: monotonicMicros() });
}

/** Runs `work` and records how long it took. */
export function traced<T>(what: string, work: () => T): T {
  if (!file) return work();
  const start = monotonicMicros();
  try {
    return work();
  } finally {
    traceSpan(what, start);
  }
}
