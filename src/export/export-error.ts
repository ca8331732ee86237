import { DistillError } from '../core/distill-error.js';
/** A problem the user can fix (a bad option, an unreadable dataset_info.json); the message says how. */
export class ExportError extends DistillError {
  override readonly name = 'ExportError';
}
