// The files of a JSONL export: FILE.jsonl (and FILE.val.jsonl with a split), FILE.jsonl.manifest.json
// and, for LLaMA-Factory, dataset_info.json beside them. All are written under temporary names and
// put in place by one commit (export-commit.ts).
import { basename } from 'node:path';
import { datasetInfoEntry, mergeDatasetInfo, type DatasetInfoEntry, type LlamaFactoryFormat } from './dataset-info.js';
import { commitExport, type CommitStep } from './export-commit.js';
import type { ExportedFile, ExportFileRole } from './export-options.js';
import { datasetInfoPathFor, datasetNameFor, validationPathFor } from './export-paths.js';
import { JsonlSink } from './jsonl-sink.js';
import type { LineChunk } from './line-chunker.js';
import { manifestPathFor, writeManifest, type ExportManifest } from './manifest.js';
import type { RecordEntry } from './tag-records.js';
import { tempPathFor } from './temp-names.js';
import { rm } from 'node:fs/promises';

export interface DatasetInfoPlan {
  format: LlamaFactoryFormat;
  hasSystem: boolean;
}

export class JsonlOutput {
  private readonly sinks: Record<ExportFileRole, JsonlSink | null>;
  private readonly temps: string[] = [];
  readonly manifestPath: string;
  readonly datasetInfoPath: string | null;

  constructor(
    readonly out: string,
    split: boolean,
    private readonly datasetInfo: DatasetInfoPlan | null,
  ) {
    this.sinks = { train: new JsonlSink(out), validation: split ? new JsonlSink(validationPathFor(out)) : null };
    this.manifestPath = manifestPathFor(out);
    this.datasetInfoPath = datasetInfo ? datasetInfoPathFor(out) : null;
  }

  write(role: ExportFileRole, chunk: LineChunk): Promise<void> {
    return this.sinks[role]!.write(chunk);
  }

  get bytes(): number {
    return (this.sinks.train?.bytes ?? 0) + (this.sinks.validation?.bytes ?? 0);
  }

  /** Closes the temporary files; a validation file that got no record is dropped (no empty file for a trainer to choke on). */
  async finish(): Promise<void> {
    await this.sinks.train!.finish();
    if (this.sinks.validation?.records === 0) {
      await this.sinks.validation.discard();
      this.sinks.validation = null;
    }
    await this.sinks.validation?.finish();
  }

  files(): ExportedFile[] {
    const files: ExportedFile[] = [];
    for (const role of ['train', 'validation'] as const) {
      const sink = this.sinks[role];
      if (!sink) continue;
      files.push({ path: sink.path, role, dataset: datasetNameFor(sink.path), records: sink.records, bytes: sink.bytes });
    }
    return files;
  }

  /** Writes the manifest and dataset_info.json beside the records, then puts every file in place at once. */
  async commit(manifest: ExportManifest, entries: readonly RecordEntry[]): Promise<void> {
    const train = this.sinks.train!;
    const validation = this.sinks.validation;
    const staleValidation = validationPathFor(this.out);
    const manifestTemp = this.temp(this.manifestPath);
    await writeManifest(manifestTemp, manifest, entries);
    const steps: CommitStep[] = [];
    const cleanup: string[] = [];
    if (!validation) {
      // The validation file of an earlier split export would hold questions now in training.
      const trash = this.temp(staleValidation);
      steps.push({ from: staleValidation, to: trash, onlyWhile: train.tempPath });
      cleanup.push(trash);
    }
    steps.push({ from: train.tempPath, to: train.path });
    if (validation) steps.push({ from: validation.tempPath, to: validation.path });
    if (this.datasetInfo && this.datasetInfoPath) {
      const temp = this.temp(this.datasetInfoPath);
      const entriesOf: Record<string, DatasetInfoEntry> = {};
      for (const file of this.files()) {
        entriesOf[file.dataset] = datasetInfoEntry(this.datasetInfo.format, basename(file.path), this.datasetInfo.hasSystem);
      }
      await mergeDatasetInfo(this.datasetInfoPath, entriesOf, temp, validation ? [] : [datasetNameFor(staleValidation)]);
      steps.push({ from: temp, to: this.datasetInfoPath });
    }
    steps.push({ from: manifestTemp, to: this.manifestPath });
    await commitExport(this.out, steps, cleanup);
  }

  /** Removes every temporary file, for the failure path. */
  async discard(): Promise<void> {
    await this.sinks.train?.discard();
    await this.sinks.validation?.discard();
    for (const temp of this.temps) await rm(temp, { force: true });
  }

  private temp(final: string): string {
    const path = tempPathFor(final);
    this.temps.push(path);
    return path;
  }
}
