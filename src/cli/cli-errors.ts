/** A wrong flag or argument: exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on, already phrased as one line: exit 1. */
export class CliError extends Error {
  override name = 'CliError';
}
