// Writes JSON lines through a file stream in large chunks. One write per line would spend more
// time in stream bookkeeping than in JSON; a chunk of ~1 MB keeps the disk busy and memory flat.
// Lines go to a temporary file renamed over the target on success, so a failed export leaves the
// previous file as it was.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

const CHUNK_CHARS = 1 << 20;

export class JsonlSink {
  private readonly stream: WriteStream;
  private readonly tempPath: string;
  private pending: string[] = [];
  private pendingChars = 0;
  private failure: Error | null = null;
  /** Lines accepted so far. */
  records = 0;
  /** UTF-8 bytes handed to the stream so far (all of them once `commit()` resolves). */
  bytes = 0;

  constructor(readonly path: string) {
    this.tempPath = `${path}.${process.pid}.tmp`;
    this.stream = createWriteStream(this.tempPath, { highWaterMark: 4 * CHUNK_CHARS });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Adds one line; resolves at once unless a chunk had to wait for the disk. */
  async writeLine(json: string): Promise<void> {
    this.pending.push(json);
    this.pendingChars += json.length + 1;
    this.records += 1;
    if (this.pendingChars >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('\n') + '\n';
    this.pending = [];
    this.pendingChars = 0;
    this.bytes += Buffer.byteLength(chunk);
    // 'error' rejects the wait, so a full disk surfaces here instead of hanging.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Writes what is left, closes the file and moves it into place; rejects if any write failed. */
  async commit(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
    await rename(this.tempPath, this.path);
  }

  /** Drops the temporary file, for the failure path. */
  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.tempPath, { force: true });
  }
}
