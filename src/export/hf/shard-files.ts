// The Parquet files of one shard of a Hugging Face export, written by whoever formats the shard's
// tags (an export worker, or the main thread for a small export): `train-<n>-<k>.part.parquet`
// and, when the split gives it any record, `validation-<n>-<k>.part.parquet`. A file is opened at
// its first batch, so no empty file is made; a shard whose records are unusually long goes on in
// a next file (k + 1) once one holds SHARD_BYTES. The same records give the same files either way.
import { join } from 'node:path';
import type { ExportFileRole } from '../export-options.js';
import type { LineChunk } from '../line-chunker.js';
import { ParquetFileWriter } from '../parquet/index.js';

/** A finished file of a shard (its temporary part name; the main thread gives it its final name). */
export interface ShardFile {
  role: ExportFileRole;
  path: string;
  records: number;
  /** Parquet bytes. */
  bytes: number;
  /** Bytes of its records as JSON lines. */
  jsonBytes: number;
}

interface OpenFile {
  writer: ParquetFileWriter;
  records: number;
  jsonBytes: number;
}

/** A file goes on in a next one once it holds this much Parquet (the Hub's viewer likes files under ~500 MB). */
const SHARD_BYTES = 400 << 20;

function partPath(dataDir: string, role: ExportFileRole, index: number, part: number): string {
  return join(dataDir, `${role}-${String(index).padStart(5, '0')}-${part}.part.parquet`);
}

export class ShardFiles {
  private readonly open: Partial<Record<ExportFileRole, OpenFile>> = {};
  private readonly closed: ShardFile[] = [];
  private readonly parts: Record<ExportFileRole, number> = { train: 0, validation: 0 };

  constructor(
    private readonly dataDir: string,
    private readonly index: number,
  ) {}

  /** Adds a batch (Arrow IPC bytes); resolves once the encoder took it, so memory stays at about one batch. */
  async write(role: ExportFileRole, chunk: LineChunk): Promise<void> {
    let file = this.open[role];
    if (!file) {
      const path = partPath(this.dataDir, role, this.index, this.parts[role]++);
      file = this.open[role] = { writer: await ParquetFileWriter.open(path), records: 0, jsonBytes: 0 };
    }
    await file.writer.write(chunk.bytes);
    file.records += chunk.lines;
    file.jsonBytes += chunk.jsonBytes ?? 0;
    if (file.writer.bytesWritten >= SHARD_BYTES) await this.closeFile(role);
  }

  /** Finishes the files (footers included): train first, then validation, each in part order. */
  async close(): Promise<ShardFile[]> {
    for (const role of ['train', 'validation'] as const) await this.closeFile(role);
    return [...this.closed.filter((file) => file.role === 'train'), ...this.closed.filter((file) => file.role === 'validation')];
  }

  private async closeFile(role: ExportFileRole): Promise<void> {
    const file = this.open[role];
    if (!file) return;
    delete this.open[role];
    await file.writer.close();
    this.closed.push({ role, path: file.writer.path, records: file.records, bytes: file.writer.bytesWritten, jsonBytes: file.jsonBytes });
  }

  /** Stops without finishing, for the failure path (the main thread removes the folder). */
  async abort(): Promise<void> {
    for (const file of Object.values(this.open)) await file.writer.abort();
  }
}
