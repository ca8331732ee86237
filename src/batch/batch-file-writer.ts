// Writes batch input files, starting a new file before one would pass the Batch API's limits
// (50,000 requests, 200 MB). Lines are buffered into ~1 MB writes and wait for the disk ('drain').
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { BatchRequestLine } from './batch-lines.js';

export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

export const OPENAI_BATCH_LIMITS: BatchLimits = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 };

export interface BatchFile {
  path: string;
  requests: number;
  bytes: number;
}

const FLUSH_BYTES = 1 << 20;

export class BatchFileWriter {
  private readonly files: BatchFile[] = [];
  private stream: WriteStream | null = null;
  private current: BatchFile | null = null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly dir: string,
    /** Files are named `<prefix>-001.jsonl`, `<prefix>-002.jsonl`, … */
    private readonly prefix: string,
    private readonly limits: BatchLimits = OPENAI_BATCH_LIMITS,
  ) {}

  async write(request: BatchRequestLine): Promise<void> {
    const line = Buffer.from(JSON.stringify(request) + '\n');
    if (line.length > this.limits.maxBytes) {
      throw new Error(`the request ${request.custom_id} alone is larger than a batch file may be (${this.limits.maxBytes} bytes)`);
    }
    if (!this.current || this.current.requests >= this.limits.maxRequests || this.current.bytes + line.length > this.limits.maxBytes) {
      await this.startFile();
    }
    this.current!.requests += 1;
    this.current!.bytes += line.length;
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Finishes the last file and removes numbered files of this prefix left from an earlier, longer run. */
  async close(): Promise<BatchFile[]> {
    await this.endFile();
    const ours = new Set(this.files.map((file) => file.path));
    const pattern = new RegExp(`^${this.prefix}-\\d{3,}\\.jsonl$`);
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const path = join(this.dir, name);
      if (pattern.test(name) && !ours.has(path)) await rm(path, { force: true });
    }
    return this.files;
  }

  private async startFile(): Promise<void> {
    await this.endFile();
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${this.prefix}-${String(this.files.length + 1).padStart(3, '0')}.jsonl`);
    this.current = { path, requests: 0, bytes: 0 };
    this.files.push(this.current);
    this.stream = createWriteStream(path);
  }

  private async flush(): Promise<void> {
    if (!this.stream || this.pending.length === 0) return;
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  private async endFile(): Promise<void> {
    if (!this.stream) return;
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    this.stream = null;
  }
}
