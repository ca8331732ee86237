// Packs JSON lines into ~1 MB UTF-8 buffers. Encoding each line straight into a preallocated
// buffer avoids joining strings first; one big write per chunk keeps stream overhead negligible.

const CHUNK_BYTES = 1 << 20;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit. */
const MAX_BYTES_PER_UNIT = 3;

export interface LineChunk {
  bytes: Buffer;
  lines: number;
  /** Parquet chunks (Arrow IPC bytes): the size of their records as JSON lines, the export's measure of input. */
  jsonBytes?: number;
}

export class LineChunker {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private lines = 0;

  constructor(private readonly onChunk: (chunk: LineChunk) => void) {}

  add(json: string): void {
    const worstCase = json.length * MAX_BYTES_PER_UNIT + 1;
    if (worstCase > this.buffer.length - this.used) {
      this.flush();
      if (worstCase > this.buffer.length) this.buffer = Buffer.allocUnsafe(worstCase);
    }
    this.used += this.buffer.write(json, this.used);
    this.buffer[this.used++] = 10;
    this.lines += 1;
  }

  /** Adds a line written by `record` (at most `length` bytes); returns its bytes (valid until the next add). */
  addWritten(length: number, record: { writeJson(target: Uint8Array, at: number): number }): Buffer {
    if (length + 1 > this.buffer.length - this.used) {
      this.flush();
      if (length + 1 > this.buffer.length) this.buffer = Buffer.allocUnsafe(length + 1);
    }
    const start = this.used;
    this.used = record.writeJson(this.buffer, start);
    const line = this.buffer.subarray(start, this.used);
    this.buffer[this.used++] = 10;
    this.lines += 1;
    return line;
  }

  /** Hands over what is buffered; the chunker starts a fresh buffer (the old one now belongs to the receiver). */
  flush(): void {
    if (this.lines === 0) return;
    this.onChunk({ bytes: this.buffer.subarray(0, this.used), lines: this.lines });
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    this.lines = 0;
  }
}
