import { APIConnectionTimeoutError } from 'openai';

/**
 * The SDK's timeout stops once the response headers arrive. A server that then
 * stalls mid-body would hang the request forever, so the body gets its own
 * deadline, re-armed by every chunk that arrives.
 */
export class BodyDeadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly outer?: AbortSignal,
  ) {
    this.signal = outer ? AbortSignal.any([outer, this.controller.signal]) : this.controller.signal;
  }

  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(), this.ms);
  }

  disarm(): void {
    clearTimeout(this.timer);
  }

  /** A timeout error when this deadline (not the caller's cancel) ended the request, else `err` itself. */
  explain(err: unknown): unknown {
    if (this.controller.signal.aborted && !this.outer?.aborted) {
      return new APIConnectionTimeoutError({ message: `the response stalled for more than ${this.ms} ms` });
    }
    return err;
  }
}
