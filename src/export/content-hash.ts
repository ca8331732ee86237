// The content hash of an exported record: SHA-256 of its JSON line, cut to 128 bits and written in
// base64url (22 characters). Equal hashes mean the same record text, byte for byte, so two exports
// can be compared without keeping either's text.
import { createHash } from 'node:crypto';

export const RECORD_HASH = 'sha256 of the JSON record, first 128 bits, base64url';

export function recordHash(json: string): string {
  return createHash('sha256').update(json).digest('base64url').slice(0, 22);
}
