import { APIUserAbortError } from 'openai';
import { TeacherTimeoutError } from './teacher-timeout-error.js';

export interface DeadlineLimits {
  /** The whole request, retries included; 0 for none. */
  totalMs: number;
  /** Longest pause while a body arrives; re-armed by every chunk. */
  idleMs: number;
}

/**
 * The limits the SDK does not keep. Its `timeout` ends at the response headers,
 * so a server that stalls mid-body, or trickles a chunk every few seconds,
 * would hold a request for ever: the idle limit catches the first, the total
 * limit the second. `signal` aborts the request when either fires (or when the
 * caller's own signal does); `expired` rejects at that moment, so a caller can
 * stop waiting for an SDK that is sleeping before a retry.
 */
export class RequestDeadline {
  readonly signal: AbortSignal;
  readonly expired: Promise<never>;
  private readonly controller = new AbortController();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly totalTimer: NodeJS.Timeout | undefined;
  private fired: TeacherTimeoutError | null = null;
  private touched = false;
  private lastTouch = 0;
  private reject: (error: unknown) => void = () => undefined;

  constructor(
    private readonly limits: DeadlineLimits,
    private readonly outer?: AbortSignal,
  ) {
    // Not AbortSignal.any: one listener on the run's signal, removed at the end, costs less per request.
    this.signal = this.controller.signal;
    if (outer?.aborted) this.controller.abort(outer.reason);
    this.expired = new Promise<never>((_, reject) => (this.reject = reject));
    // Nobody may be racing it when it fires: keep that from being an unhandled rejection.
    this.expired.catch(() => undefined);
    if (limits.totalMs > 0) this.totalTimer = setTimeout(() => this.fire('total', limits.totalMs), limits.totalMs);
    // The caller's cancel reads as the SDK's own cancel, whichever of them notices first.
    outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  /**
   * Starts (or restarts) the idle limit: at the headers and at every chunk. A chunk only notes
   * the time; the one timer, when it fires, waits out what is left since the last chunk (a
   * stream of hundreds of chunks does not clear and set a timer for each).
   */
  touch(): void {
    if (this.fired) return;
    this.touched = true;
    this.lastTouch = performance.now();
    if (this.idleTimer === undefined) this.armIdle(this.limits.idleMs);
  }

  /** Between attempts: a retry waits for its headers under the SDK's timeout, not the idle limit. */
  pause(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private armIdle(ms: number): void {
    this.idleTimer = setTimeout(() => {
      const left = this.lastTouch + this.limits.idleMs - performance.now();
      // Timers fire a little early or late: a gap within a millisecond of the limit is the limit.
      if (left > 1) return this.armIdle(left);
      this.idleTimer = undefined;
      this.fire('idle', this.limits.idleMs);
    }, ms);
  }

  /** Ends the request on purpose (an answer past its size limit): not a timeout. */
  cancel(): void {
    this.controller.abort(new Error('cancelled by distill'));
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.totalTimer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }

  private readonly onOuterAbort = (): void => {
    this.controller.abort(this.outer!.reason);
    this.reject(new APIUserAbortError());
  };

  /** True once a limit fired (not the caller's cancel). */
  get timedOut(): boolean {
    return this.fired !== null;
  }

  /** The timeout when one of these limits ended the request, else `err` itself. */
  explain(err: unknown): unknown {
    if (this.fired && !this.outer?.aborted) return this.fired;
    return err;
  }

  private fire(phase: 'idle' | 'total', ms: number): void {
    if (this.fired || this.controller.signal.aborted) return;
    this.fired = new TeacherTimeoutError(phase, ms, this.touched);
    this.controller.abort(this.fired);
    this.reject(this.fired);
  }
}
