import { DistillError } from '../core/distill-error.js';
/** A problem the user can fix (a missing results file, an unknown tag); the message says how. */
export class BatchError extends DistillError {
  override readonly name = 'BatchError';
}
