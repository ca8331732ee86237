// The files of a Hugging Face dataset folder: data/train-*.parquet (and validation-*), README.md
// with its dataset card and distill-manifest.json. The Parquet shards are written by hf/export-shard.ts
// (on export workers or the main thread) and adopted here. Everything is written into a hidden temporary
// folder beside DIR; one commit (export-commit.ts) then swaps it in for the previous DIR, so a
// killed or failed export leaves the previous dataset as it was.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { commitExport } from '../export-commit.js';
import type { ExportedFile, ExportFileRole } from '../export-options.js';
import type { RecordShape } from '../format-record.js';
import { FOLDER_MANIFEST, writeManifest, type ExportManifest } from '../manifest.js';
import type { ColumnFields } from '../parquet/index.js';
import type { RecordEntry } from '../tag-records.js';
import { tempPathFor } from '../temp-names.js';
import { datasetCard } from './dataset-card.js';
import type { ShardFile } from './shard-files.js';
import { recordColumns } from './record-columns.js';

/** A closed shard file, under its temporary part name. */
interface DoneShard {
  path: string;
  records: number;
  bytes: number;
}

export class HfOutput {
  readonly temp: string;
  readonly manifestPath: string;
  readonly datasetInfoPath = null;
  private readonly fields: ColumnFields;
  private readonly done: Record<ExportFileRole, DoneShard[]> = { train: [], validation: [] };
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

  /** Where export workers write their shards' part files (hf/shard-files.ts). */
  get dataDir(): string {
    return join(this.temp, 'data');
  }

  /** Counts records written into shard files (as JSON-line bytes), for progress. */
  countBytes(jsonBytes: number): void {
    this.jsonBytes += jsonBytes;
  }

  /** Takes finished shard files (hf/shard-files.ts), in shard order, as this folder's files. */
  adopt(shards: readonly ShardFile[][]): void {
    for (const file of shards.flat()) this.done[file.role].push({ path: file.path, records: file.records, bytes: file.bytes });
  }

  /** Gives the shards their final names, `train-00000-of-00002.parquet`. */
  async finish(): Promise<void> {
    this.final = [];
    for (const role of ['train', 'validation'] as const) {
      const shards = this.done[role];
      for (const [index, shard] of shards.entries()) {
        const name = `${role}-${String(index).padStart(5, '0')}-of-${String(shards.length).padStart(5, '0')}.parquet`;
        await rename(shard.path, join(this.temp, 'data', name));
        this.final.push({
          path: join(this.out, 'data', name),
          role,
          dataset: role,
          records: shard.records,
          bytes: shard.bytes,
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
    await rm(this.temp, { recursive: true, force: true });
  }
}
