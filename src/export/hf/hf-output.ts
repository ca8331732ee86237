// The files of a Hugging Face dataset folder: data/train-*.parquet (and validation-*), README.md
// with its dataset card and distill-manifest.json. Everything is written into a hidden temporary
// folder beside DIR; one commit (export-commit.ts) then swaps it in for the previous DIR, so a
// killed or failed export leaves the previous dataset as it was.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitExport } from '../export-commit.js';
import type { ExportedFile, ExportFileRole } from '../export-options.js';
import type { RecordShape } from '../format-record.js';
import type { LineChunk } from '../line-chunker.js';
import { FOLDER_MANIFEST, writeManifest, type ExportManifest } from '../manifest.js';
import { ParquetFileWriter, type ColumnFields } from '../parquet/index.js';
import type { RecordEntry } from '../tag-records.js';
import { tempPathFor } from '../temp-names.js';
import { datasetCard } from './dataset-card.js';
import { recordColumns } from './record-columns.js';

/** A new shard file starts once one holds this much Parquet (the Hub's viewer likes files under ~500 MB). */
const SHARD_BYTES = 400 << 20;

interface Shard {
  writer: ParquetFileWriter;
  records: number;
  jsonBytes: number;
}

export class HfOutput {
  readonly temp: string;
  readonly manifestPath: string;
  readonly datasetInfoPath = null;
  private readonly fields: ColumnFields;
  private readonly open: Record<ExportFileRole, Shard | null> = { train: null, validation: null };
  private readonly done: Record<ExportFileRole, Shard[]> = { train: [], validation: [] };
  private final: ExportedFile[] = [];
  private jsonBytes = 0;

  constructor(
    readonly out: string,
    shape: RecordShape,
  ) {
    this.temp = tempPathFor(out);
    this.manifestPath = join(out, FOLDER_MANIFEST);
    this.fields = recordColumns(shape);
  }

  /** Creates the temporary folder; before the first chunk. */
  async start(): Promise<void> {
    await mkdir(join(this.temp, 'data'), { recursive: true });
  }

  /** Bytes of the records as JSON lines (what the same export as JSONL would write). */
  get bytes(): number {
    return this.jsonBytes;
  }

  async write(role: ExportFileRole, chunk: LineChunk): Promise<void> {
    let shard = this.open[role];
    if (shard === null) {
      const index = this.done[role].length + 1;
      const writer = await ParquetFileWriter.open(join(this.temp, 'data', `${role}-${index}.part.parquet`));
      shard = this.open[role] = { writer, records: 0, jsonBytes: 0 };
    }
    await shard.writer.write(chunk.bytes);
    shard.records += chunk.lines;
    shard.jsonBytes += chunk.jsonBytes ?? 0;
    this.jsonBytes += chunk.jsonBytes ?? 0;
    if (shard.writer.bytesWritten >= SHARD_BYTES) await this.closeShard(role);
  }

  private async closeShard(role: ExportFileRole): Promise<void> {
    const shard = this.open[role];
    if (shard === null) return;
    this.open[role] = null;
    await shard.writer.close();
    this.done[role].push(shard);
  }

  /** Closes the shards and gives them their final names, `train-00000-of-00002.parquet`. */
  async finish(): Promise<void> {
    this.final = [];
    for (const role of ['train', 'validation'] as const) {
      await this.closeShard(role);
      const shards = this.done[role];
      for (const [index, shard] of shards.entries()) {
        const name = `${role}-${String(index).padStart(5, '0')}-of-${String(shards.length).padStart(5, '0')}.parquet`;
        await rename(shard.writer.path, join(this.temp, 'data', name));
        this.final.push({
          path: join(this.out, 'data', name),
          role,
          dataset: role,
          records: shard.records,
          bytes: shard.writer.bytesWritten,
        });
      }
    }
  }

  files(): ExportedFile[] {
    return this.final;
  }

  /** Writes the card and the manifest into the folder, then swaps the folder in for the previous one. */
  async commit(manifest: ExportManifest, entries: readonly RecordEntry[]): Promise<void> {
    const splits = (['train', 'validation'] as const)
      .map((role) => this.final.filter((file) => file.role === role))
      .filter((files) => files.length > 0)
      .map((files) => ({
        name: files[0]!.role,
        rows: files.reduce((sum, file) => sum + file.records, 0),
        bytes: files.reduce((sum, file) => sum + file.bytes, 0),
      }));
    await writeFile(join(this.temp, 'README.md'), datasetCard(manifest, this.fields, splits));
    await writeManifest(join(this.temp, FOLDER_MANIFEST), manifest, entries);
    const trash = tempPathFor(this.out);
    // The previous folder is moved aside only while ours is still waiting (a replayed journal must
    // not move the new folder away once it is in place).
    await commitExport(
      this.out,
      [
        { from: this.out, to: trash, onlyWhile: this.temp },
        { from: this.temp, to: this.out },
      ],
      [trash],
    );
  }

  /** Removes the temporary folder, for the failure path. */
  async discard(): Promise<void> {
    for (const role of ['train', 'validation'] as const) await this.open[role]?.writer.abort();
    await rm(this.temp, { recursive: true, force: true });
  }
}
