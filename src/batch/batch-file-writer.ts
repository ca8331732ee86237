// Writes batch input files, starting a new file before one would pass the Batch API's limits
// (50,000 requests, 200 MB). Lines are buffered into ~1 MB writes and wait for the disk ('drain').
// Files are numbered after the ones already in the folder and created exclusively: an earlier
// export (perhaps uploaded, not yet imported) is never overwritten.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
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

const EXISTS = 'EEXIST';

const FLUSH_BYTES = 1 << 20;

export class BatchFileWriter {
  private readonly files: BatchFile[] = [];
  private stream: WriteStream | null = null;
  private current: BatchFile | null = null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly ids = new Map<string, string[]>();
  private nextNumber: number | null = null;

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
    this.ids.get(this.current!.path)!.push(request.custom_id);
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  /** Finishes the last file; resolves to the files written, in order. */
  async close(): Promise<BatchFile[]> {
    await this.endFile();
    return this.files;
  }

  /** The custom_ids written to one of the files, in order. */
  customIdsOf(path: string): string[] {
    return this.ids.get(path) ?? [];
  }

  private async startFile(): Promise<void> {
    await this.endFile();
    await mkdir(this.dir, { recursive: true });
    this.nextNumber ??= (await this.highestNumber()) + 1;
    // Another export may take a number between the scan and the create: 'wx' fails then, and the next one is tried.
    for (;;) {
      const path = join(this.dir, `${this.prefix}-${String(this.nextNumber++).padStart(3, '0')}.jsonl`);
      try {
        const handle = await open(path, 'wx');
        this.stream = createWriteStream(path, { fd: handle });
        this.current = { path, requests: 0, bytes: 0 };
        this.files.push(this.current);
        this.ids.set(path, []);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== EXISTS) throw error;
      }
    }
  }

  private async highestNumber(): Promise<number> {
    const pattern = new RegExp(`^${this.prefix}-(\\d{3,})\\.jsonl$`);
    let highest = 0;
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      const match = pattern.exec(name);
      if (match) highest = Math.max(highest, Number(match[1]));
    }
    return highest;
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
