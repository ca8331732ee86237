/** A problem the user can fix (a bad option, an unreadable dataset_info.json); the message says how. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}
