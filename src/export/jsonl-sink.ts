// The output file of an export: chunks of JSON lines written through a file stream, waiting for
// 'drain' when the disk falls behind so memory stays flat. Lines go to a hidden temporary file
// that the export's commit renames into place (export-commit.ts), so a failed or killed export
// leaves the previous file as it was.
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { LineChunk } from './line-chunker.js';
import { tempPathFor } from './temp-names.js';

export class JsonlSink {
  private readonly stream: WriteStream;
  readonly tempPath: string;
  private failure: Error | null = null;
  /** Lines written so far. */
  records = 0;
  /** Bytes written so far. */
  bytes = 0;

  constructor(readonly path: string) {
    this.tempPath = tempPathFor(path);
    this.stream = createWriteStream(this.tempPath, { highWaterMark: 8 << 20 });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Resolves at once unless the stream's buffer is full; then when the disk caught up. */
  async write(chunk: LineChunk): Promise<void> {
    if (this.failure) throw this.failure;
    this.records += chunk.lines;
    this.bytes += chunk.bytes.length;
    // 'error' rejects the wait, so a full disk surfaces here instead of hanging.
    if (!this.stream.write(chunk.bytes)) await once(this.stream, 'drain');
  }

  /** Closes the temporary file; rejects if any write failed. It is still to be moved into place. */
  async finish(): Promise<void> {
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
  }

  /** finish, then the rename into place (for a single file outside an export's commit). */
  async commit(): Promise<void> {
    await this.finish();
    await rename(this.tempPath, this.path);
  }

  /** Drops the temporary file, for the failure path. */
  async discard(): Promise<void> {
    // The stream opens its file asynchronously: wait until it has opened and closed it,
    // or a late open would create the temporary file again after it was removed.
    const closed = this.stream.closed ? Promise.resolve() : once(this.stream, 'close');
    this.stream.destroy();
    await closed;
    await rm(this.tempPath, { force: true });
  }
}
