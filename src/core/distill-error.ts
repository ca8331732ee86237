/**
 * The one base of every error a user can act on. The CLI prints `message` as one
 * line (and `hint` after it) and exits with `exitCode`; anything that is not a
 * DistillError is a bug, reported as an internal error with its stack behind --debug.
 */
export interface DistillErrorOptions {
  /** What to do about it, when the message alone does not say. */
  hint?: string;
  cause?: unknown;
  /** 1 (a failure) unless a subclass says otherwise; UsageError is 2. */
  exitCode?: number;
}

export class DistillError extends Error {
  override name = 'DistillError';
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, options: DistillErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
  }
}

/** A wrong flag or argument: exit 2, with a pointer to --help. */
export class UsageError extends DistillError {
  override name = 'UsageError';

  constructor(message: string, options: Omit<DistillErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: 2 });
  }
}

export function isDistillError(error: unknown): error is DistillError {
  return error instanceof DistillError;
}
