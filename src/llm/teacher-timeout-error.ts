import { APIConnectionTimeoutError } from 'openai';

/** Which limit ended a request: see RequestDeadline. */
export type TimeoutPhase = 'first-byte' | 'idle' | 'total';

/**
 * A request ended by one of distill's own limits. It is an SDK timeout error
 * (so whatever handles the SDK's timeouts handles it), with the limit that fired.
 */
export class TeacherTimeoutError extends APIConnectionTimeoutError {
  constructor(
    readonly phase: TimeoutPhase,
    readonly limitMs: number,
    /** True when the answer had begun to arrive. */
    readonly answering = false,
  ) {
    super({ message: `${phase} timeout after ${limitMs} ms` });
    this.name = 'TeacherTimeoutError';
  }
}
