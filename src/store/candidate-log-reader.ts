// Reads a candidates shard from an offset in chunks, line by line, instead of the whole file as
// one buffer and one string: a shard of eight 21 MB answers held 400 MB at once that way. Small
// lines are parsed as before; a huge one keeps its texts in the shard (huge-candidate-line.ts).
// The rules are readLog's: an unterminated last line is left for later (pendingBytes), a blank
// line is skipped, any other unparseable line is an error naming the file and the line.
import type { Candidate } from '../core/types.js';
import { type LogRead, readLogFrom } from './jsonl-log.js';
import { HUGE_LINE_BYTES, decodeHugeCandidate } from './huge-candidate-line.js';
import { candidateProblem, isCandidate } from './record-guards.js';
import { corruptFileError } from './store-error.js';

const CHUNK_BYTES = 4 << 20;
const NEWLINE = 0x0a;

export async function readCandidateLog(file: string, fromOffset = 0): Promise<LogRead<Candidate>> {
  return readLogFrom(file, fromOffset, async (handle, size) => {
    const lines = new LineParser(file, fromOffset);
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - fromOffset));
    for (let at = fromOffset; at < size;) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - at), at);
      if (bytesRead === 0) break;
      lines.add(chunk.subarray(0, bytesRead));
      at += bytesRead;
    }
    return { records: lines.records, endOffset: lines.endOffset, pendingBytes: lines.pendingBytes };
  });
}

/** Splits chunks into lines (a line may span many chunks) and parses each complete one. */
class LineParser {
  readonly records: Candidate[] = [];
  /** Just past the last newline seen. */
  endOffset: number;
  /** Bytes of the line not ended yet (copied: the chunk is reused). */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private lineNumber = 0;

  constructor(
    private readonly file: string,
    private readonly baseOffset: number,
  ) {
    this.endOffset = baseOffset;
  }

  get pendingBytes(): number {
    return this.partialBytes;
  }

  add(chunk: Buffer): void {
    let from = 0;
    for (let at = chunk.indexOf(NEWLINE); at >= 0; at = chunk.indexOf(NEWLINE, from)) {
      const piece = chunk.subarray(from, at);
      const line = this.partial.length === 0 ? piece : Buffer.concat([...this.partial, piece]);
      this.partial = [];
      this.partialBytes = 0;
      this.parse(line);
      this.endOffset += line.length + 1;
      from = at + 1;
    }
    if (from < chunk.length) {
      this.partial.push(Buffer.from(chunk.subarray(from)));
      this.partialBytes += chunk.length - from;
    }
  }

  private parse(line: Buffer): void {
    const lineStart = this.endOffset;
    this.lineNumber++;
    if (isBlank(line)) return;
    // A huge line comes back already checked (reading its texts to check them would defeat it); null: parse it whole.
    const huge = line.length > HUGE_LINE_BYTES ? decodeHugeCandidate(this.file, lineStart, line) : null;
    if (huge) {
      this.records.push(huge);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line.toString('utf8'));
    } catch (error) {
      throw corruptFileError(this.file, `${this.where(lineStart)} is not valid JSON`, error);
    }
    if (!isCandidate(value)) {
      throw corruptFileError(this.file, `${this.where(lineStart)} is not a valid record: ${candidateProblem(value)}`);
    }
    this.records.push(value);
  }

  /** Line numbers are known when reading from the start; a later read names the byte offset. */
  private where(lineStart: number): string {
    return this.baseOffset === 0 ? `line ${this.lineNumber} (byte ${lineStart})` : `the line at byte ${lineStart}`;
  }
}

/** Whitespace only (what an undone append or a torn tail set aside leaves). */
function isBlank(line: Buffer): boolean {
  for (let i = 0; i < line.length; i++) {
    const byte = line[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}
