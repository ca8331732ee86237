/** A problem the user can fix (a missing results file, an unknown tag); the message says how. */
export class BatchError extends Error {
  override readonly name = 'BatchError';
  readonly userFacing = true;
}
