import { DistillError } from '../core/distill-error.js';
/**
 * A problem with a project's files that the user can act on. The message names
 * the file and says what to do; the original error is kept as `cause`.
 */
export class StoreError extends DistillError {
  readonly file: string | undefined;

  constructor(message: string, options: { file?: string; cause?: unknown; hint?: string } = {}) {
    super(message, {
      ...(options.cause === undefined ? {} : { cause: options.cause }),
      ...(options.hint === undefined ? {} : { hint: options.hint }),
    });
    this.name = 'StoreError';
    this.file = options.file;
  }
}

export function corruptFileError(file: string, what: string, cause?: unknown): StoreError {
  return new StoreError(`${file} is corrupt (${what}); nothing was changed. Restore the file from a backup or fix it by hand.`, {
    file,
    cause,
  });
}
