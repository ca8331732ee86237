// Reviewer names are written into every decision and printed by `stats`, the TUI and `show`:
// short, printable, and unable to forge output.

const REVIEWER_NAME = /^[\p{L}\p{N}_@.-][\p{L}\p{N} _@.+-]{0,63}$/u;

/** Why a reviewer name cannot be used, or null when it can. */
export function reviewerNameProblem(name: string): string | null {
  if (REVIEWER_NAME.test(name)) return null;
  return 'a reviewer name is 1 to 64 letters, digits, spaces or . _ @ + - (not starting with a space or +)';
}

/** A login name made into a valid reviewer name (odd characters become '_'); 'unknown' when nothing is left. */
export function reviewerNameFrom(login: string | undefined): string {
  const cleaned = (login ?? '')
    .replace(/[^\p{L}\p{N} _@.+-]/gu, '_')
    .trim()
    .slice(0, 64);
  return cleaned && reviewerNameProblem(cleaned) === null ? cleaned : 'unknown';
}
