/** Shown where a secret was: says what was there without saying what it was. */
const REDACTED = '[redacted]';
/** Shorter values are too likely to be ordinary words to replace. */
const MIN_SECRET_LENGTH = 8;

/**
 * Removes every occurrence of each secret from a text that may carry one (a
 * server's error message that echoes the API key), before it is stored or
 * printed anywhere.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
