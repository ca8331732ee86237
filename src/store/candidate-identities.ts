// Which generation each candidate of a shard is, without decoding the candidates: what the
// counters and the export workers need to tell whether a decision still applies. The store
// writes every candidate as `{"id":"…","gen":"…","questionHash":"…",…`, and older ones as
// `{"id":"…","questionId":…` (no generation), so the first bytes of a line say it; a line
// written any other way is parsed in full. Same rules as the shard itself: complete lines only,
// the first of two equal ids wins, a damaged line names the file.
import { readFile } from 'node:fs/promises';
import type { Candidate } from '../core/types.js';
import { isCandidate } from './record-guards.js';
import { corruptFileError } from './store-error.js';

export type CandidateIdentity = Pick<Candidate, 'gen' | 'questionHash'>;

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ID_PREFIX = Buffer.from('{"id":"');
const GEN_KEY = Buffer.from(',"gen":"');
const HASH_KEY = Buffer.from(',"questionHash":"');
const LEGACY_KEY = Buffer.from(',"questionId":');
const MAX_FIELD = 80;

export async function readCandidateIdentities(file: string): Promise<Map<string, CandidateIdentity>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  return identitiesOf(file, bytes);
}

export function identitiesOf(file: string, bytes: Buffer): Map<string, CandidateIdentity> {
  const found = new Map<string, CandidateIdentity>();
  const end = bytes.lastIndexOf(NEWLINE);
  for (let start = 0; start <= end;) {
    const lineEnd = bytes.indexOf(NEWLINE, start);
    const fast = leadingIdentity(bytes, start, lineEnd);
    if (fast) {
      if (!found.has(fast.id)) found.set(fast.id, fast.identity);
    } else {
      const candidate = parseLine(file, bytes, start, lineEnd);
      if (candidate && !found.has(candidate.id)) {
        found.set(candidate.id, {
          ...(candidate.gen === undefined ? {} : { gen: candidate.gen }),
          ...(candidate.questionHash === undefined ? {} : { questionHash: candidate.questionHash }),
        });
      }
    }
    start = lineEnd + 1;
  }
  return found;
}

/** The id, generation and question hash from the first bytes of a line the store wrote; null when the line starts any other way. */
export function leadingIdentity(bytes: Buffer, start: number, end: number): { id: string; identity: CandidateIdentity } | null {
  if (!startsWith(bytes, start, end, ID_PREFIX)) return null;
  const id = quoted(bytes, start + ID_PREFIX.length, end);
  if (!id) return null;
  let at = id.next;
  if (startsWith(bytes, at, end, LEGACY_KEY)) return { id: id.text, identity: {} };
  if (!startsWith(bytes, at, end, GEN_KEY)) return null;
  const gen = quoted(bytes, at + GEN_KEY.length, end);
  if (!gen) return null;
  at = gen.next;
  if (!startsWith(bytes, at, end, HASH_KEY)) return { id: id.text, identity: { gen: gen.text } };
  const hash = quoted(bytes, at + HASH_KEY.length, end);
  if (!hash) return null;
  return { id: id.text, identity: { gen: gen.text, questionHash: hash.text } };
}

/** A byte loop: for prefixes this short, Buffer#compare's call into C++ costs several times the comparison. */
function startsWith(bytes: Buffer, at: number, end: number, prefix: Buffer): boolean {
  if (end - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

/** A plain ASCII string value starting at `from` (just past its opening quote); `next` is past the closing quote. */
function quoted(bytes: Buffer, from: number, end: number): { text: string; next: number } | null {
  const limit = Math.min(end, from + MAX_FIELD);
  for (let i = from; i < limit; i++) {
    const byte = bytes[i]!;
    if (byte === QUOTE) return { text: bytes.toString('latin1', from, i), next: i + 1 };
    if (byte === BACKSLASH || byte > 0x7e) return null;
  }
  return null;
}

function parseLine(file: string, bytes: Buffer, start: number, end: number): Candidate | null {
  const text = bytes.toString('utf8', start, end);
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corruptFileError(file, `line at byte ${start} is not valid JSON`, error);
  }
  if (!isCandidate(value)) throw corruptFileError(file, `line at byte ${start} is not a valid record`);
  return value;
}
