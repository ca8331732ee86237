// Reads the candidates an export wants from a tag's shard (data/candidates/<tagId>.jsonl) without
// decoding the rest. The store writes each candidate with its id first (`{"id":"t…-3-1",…`), so a
// line's id can be read from its first bytes; lines whose candidate is not wanted (most of them,
// when a few answers per question are accepted) are skipped before any UTF-8 decoding or JSON
// parsing. A line that does not start that way is parsed in full. Otherwise the store's rules
// hold: complete lines only (a line being appended is not read), the first of two equal ids wins,
// and a damaged line is an error that names the file.
//
// Wanted lines are decoded only when the caller loads them, one at a time: a tag's candidates are
// never all alive as objects at once, so they die young and garbage collection stays cheap.
import { readFile } from 'node:fs/promises';
import type { Candidate } from '../core/types.js';
import { leadingIdentity, type CandidateIdentity } from '../store/candidate-identities.js';
import { isCandidate } from '../store/record-guards.js';
import { corruptFileError } from '../store/store-error.js';
import { scanCandidateLine, type RawCandidate } from './raw/candidate-line.js';

const ID_PREFIX = Buffer.from('{"id":"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const MAX_ID_BYTES = 64;

/** A wanted candidate of a shard: its id now, its content when loaded. */
export interface CandidateRef {
  id: string;
  load(): Candidate;
  /** The candidate with its texts left as bytes of the line, or null when the line must be loaded (raw/candidate-line.ts). */
  raw?(): RawCandidate | null;
}

/** The shard file's bytes (empty when there is none). */
export async function readShardBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}

export async function readWantedCandidates(file: string, wanted: (id: string) => boolean): Promise<CandidateRef[]> {
  return wantedCandidatesOf(file, await readShardBytes(file), wanted);
}

/** The wanted candidates of a shard file already read (`file` names it in errors). */
export function wantedCandidatesOf(file: string, bytes: Buffer, wanted: (id: string) => boolean): CandidateRef[] {
  return new ShardLines(file, bytes).where(wanted);
}

/**
 * A shard's lines by candidate id (the first line of each id), found by one scan of its bytes:
 * what a tag's export asks of its candidate file (which generation each decided candidate is,
 * and the wanted candidates) without a second scan, and without decoding a line nobody asks for.
 */
export class ShardLines {
  /** Line start and end (the newline) of each id, in file order; -1, -1 for a line that had to be parsed. */
  private readonly spans = new Map<string, [number, number]>();
  private readonly parsed = new Map<string, Candidate>();

  constructor(
    private readonly file: string,
    private readonly bytes: Buffer,
  ) {
    const end = bytes.lastIndexOf(NEWLINE);
    for (let start = 0; start <= end;) {
      const lineEnd = bytes.indexOf(NEWLINE, start);
      const id = leadingId(bytes, start, lineEnd);
      if (id !== null) {
        if (!this.spans.has(id)) this.spans.set(id, [start, lineEnd]);
      } else {
        // Written some other way (by hand, by another tool): the id is only known after parsing.
        const candidate = parseLine(file, bytes, start, lineEnd);
        if (candidate && !this.spans.has(candidate.id)) {
          this.spans.set(candidate.id, [-1, -1]);
          this.parsed.set(candidate.id, candidate);
        }
      }
      start = lineEnd + 1;
    }
  }

  /** The generation and question hash of a candidate, as identitiesOf (store/candidate-identities.ts) reads them; undefined when there is no such id. */
  identity(id: string): CandidateIdentity | undefined {
    const span = this.spans.get(id);
    if (!span) return undefined;
    const [start, end] = span;
    const candidate = start < 0 ? this.parsed.get(id)! : null;
    if (!candidate) {
      const fast = leadingIdentity(this.bytes, start, end);
      if (fast) return fast.identity;
    }
    const { gen, questionHash } = candidate ?? parseLine(this.file, this.bytes, start, end)!;
    return { ...(gen === undefined ? {} : { gen }), ...(questionHash === undefined ? {} : { questionHash }) };
  }

  /** The wanted candidates, in file order. */
  where(wanted: (id: string) => boolean): CandidateRef[] {
    const found: CandidateRef[] = [];
    for (const [id, [start, end]] of this.spans) {
      if (!wanted(id)) continue;
      const candidate = start < 0 ? this.parsed.get(id)! : null;
      if (candidate) found.push({ id, load: () => candidate });
      else
        found.push({
          id,
          load: () => parseLine(this.file, this.bytes, start, end)!,
          raw: () => scanCandidateLine(this.bytes, start, end),
        });
    }
    return found;
  }
}

/** The id of a line written as `{"id":"…"`, or null when the line starts any other way. */
function leadingId(bytes: Buffer, start: number, end: number): string | null {
  if (end - start < ID_PREFIX.length + 2) return null;
  // A byte loop: Buffer#compare's call into C++ costs more than comparing seven bytes.
  for (let i = 0; i < ID_PREFIX.length; i++) if (bytes[start + i] !== ID_PREFIX[i]) return null;
  const idStart = start + ID_PREFIX.length;
  const limit = Math.min(end, idStart + MAX_ID_BYTES);
  for (let i = idStart; i < limit; i++) {
    const byte = bytes[i]!;
    if (byte === QUOTE) return bytes.toString('latin1', idStart, i);
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
