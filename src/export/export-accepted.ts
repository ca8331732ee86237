// The export: accepted candidates → validated records → JSONL, then dataset_info.json and the
// manifest beside it. Tags are formatted on worker threads when the export is big enough to gain
// from them (on the main thread otherwise), and written in tag order either way.
import { mkdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { joinTagPath } from '../core/tag-path.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { checkExportOptions } from './check-export-options.js';
import { datasetInfoEntry, mergeDatasetInfo, type DatasetInfoEntry } from './dataset-info.js';
import { ExportError } from './export-error.js';
import {
  DEFAULT_REASONING,
  DEFAULT_SEED,
  type ExportedFile,
  type ExportFileRole,
  type ExportOptions,
  type ExportProgressListener,
} from './export-options.js';
import { FlagPrefetch } from './flag-prefetch.js';
import { datasetInfoPathFor, datasetNameFor, validationPathFor } from './export-paths.js';
import { acceptedIds, questionOrder, selectForExport } from './export-selection.js';
import { JsonlSink } from './jsonl-sink.js';
import { ManifestTally, manifestPathFor, writeManifest, type ExportManifest } from './manifest.js';
import { compileRecordValidator } from './record-validator.js';
import { ShardReader } from './shard-reader.js';
import { exportTagRecords, storeTagSource, type RecordPlan, type TagSource, type TagSummary, type TagTask } from './tag-records.js';
import { exportTagsInWorkers, workersAvailable } from './tag-worker-pool.js';
import { planSplit, questionDraw, type SplitPlan } from './train-split.js';

export interface ExportResult {
  files: ExportedFile[];
  records: number;
  bytes: number;
  accepted: number;
  droppedByCap: number;
  invalid: number;
  datasetInfoPath: string;
  manifestPath: string;
  manifest: ExportManifest;
  /** Worker threads used (0: all on the main thread). */
  workers: number;
  elapsedMs: number;
}

/** Below this many accepted candidates, starting workers costs more than it saves. */
const WORKER_THRESHOLD = 5_000;
const MAX_WORKERS = 4;

export async function exportAccepted(
  store: ProjectStoreApi,
  options: ExportOptions,
  onProgress?: ExportProgressListener,
): Promise<ExportResult> {
  const started = performance.now();
  checkExportOptions(options);
  const out = resolve(options.out);
  const tasks: TagTask[] = store.tags().map((tag) => ({ tagId: tag.id, tagPath: joinTagPath(store.tagPath(tag.id)) }));
  const workers = workerCount(store, tasks, options.workers);
  // Workers read shards from disk; the planning pass reads the same way so both see one state.
  const source: TagSource = workers > 0 ? new ShardReader(store.dir) : storeTagSource(store);
  const seed = options.seed ?? DEFAULT_SEED;
  const plan: RecordPlan = {
    shape: {
      format: options.format,
      reasoning: options.reasoning ?? DEFAULT_REASONING,
      ...(options.system === undefined ? {} : { system: options.system }),
      ...(options.tagField === undefined ? {} : { tagField: options.tagField }),
    },
    seed,
    ...(options.maxPerTag === undefined ? {} : { maxPerTag: options.maxPerTag }),
    split: options.split === undefined ? null : await planProjectSplit(source, tasks, options.split, options.maxPerTag, seed),
    keepIds: options.flags !== undefined,
  };

  await prepareOutput(out);
  const sinks: Record<ExportFileRole, JsonlSink | null> = {
    train: new JsonlSink(out),
    validation: plan.split ? new JsonlSink(validationPathFor(out)) : null,
  };
  const tally = new ManifestTally();
  let tagsDone = 0;
  const flags = options.flags ? new FlagPrefetch(options.flags, tasks, store) : null;
  const output = {
    chunk: (role: ExportFileRole, chunk: Parameters<JsonlSink['write']>[0]) => sinks[role]!.write(chunk),
    done: async (summary: TagSummary) => {
      tally.addTag(summary, await flags?.take(tagsDone, summary.train + summary.validation > 0));
      tagsDone += 1;
      onProgress?.({ tagsDone, tagsTotal: tasks.length, records: tally.exported, bytes: bytesOf(sinks) });
    },
  };
  try {
    if (workers > 0) {
      await exportTagsInWorkers(tasks, workers, { projectDir: store.dir, plan }, output);
    } else {
      const validate = compileRecordValidator(plan.shape.format, plan.shape.tagField);
      for (const task of tasks) await output.done(await exportTagRecords(source, task, plan, validate, output.chunk));
    }
    if (tally.exported === 0) throw nothingToExport(tally);
    await sinks.train!.commit();
    if (sinks.validation?.records === 0) {
      // Too few questions to set any aside: no empty validation file for a trainer to choke on.
      await sinks.validation.discard();
      sinks.validation = null;
    }
    await sinks.validation?.commit();
  } catch (error) {
    await sinks.train!.discard();
    await sinks.validation?.discard();
    throw asUserFacing(error);
  }

  const files = exportedFiles(sinks);
  const datasetInfoPath = datasetInfoPathFor(out);
  const entries: Record<string, DatasetInfoEntry> = {};
  for (const file of files) {
    entries[file.dataset] = datasetInfoEntry(plan.shape.format, basename(file.path), plan.shape.system !== undefined);
  }
  const manifest = buildManifest(store, options, plan, files, tally);
  const manifestPath = manifestPathFor(out);
  try {
    await mergeDatasetInfo(datasetInfoPath, entries);
    await writeManifest(manifestPath, manifest);
  } catch (error) {
    throw asUserFacing(error);
  }
  return {
    files,
    records: manifest.records,
    bytes: bytesOf(sinks),
    accepted: tally.accepted,
    droppedByCap: tally.droppedByCap,
    invalid: tally.invalidCount,
    datasetInfoPath,
    manifestPath,
    manifest,
    workers,
    elapsedMs: performance.now() - started,
  };
}

async function prepareOutput(out: string): Promise<void> {
  const existing = await stat(out).catch(() => null);
  if (existing?.isDirectory()) throw new ExportError(`--out ${out} is a folder; give a file name, e.g. ${join(out, 'train.jsonl')}`);
  await mkdir(dirname(out), { recursive: true }).catch((error: unknown) => {
    throw asUserFacing(error);
  });
}

/** A failing disk or a folder we may not write to is the user's to fix, not a bug: say which file and why. */
function asUserFacing(error: unknown): unknown {
  const system = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof system.syscall === 'string' && typeof system.code === 'string') {
    return new ExportError(`cannot write ${system.path ?? 'the export'}: ${system.code} (${system.syscall})`, { cause: error });
  }
  return error;
}

function workerCount(store: ProjectStoreApi, tasks: readonly TagTask[], asked: number | undefined): number {
  if (asked !== undefined) return asked > 0 && workersAvailable() ? Math.min(asked, MAX_WORKERS) : 0;
  if (!workersAvailable()) return 0;
  const accepted = tasks.reduce((sum, task) => sum + store.counts(task.tagId).accepted, 0);
  return accepted < WORKER_THRESHOLD ? 0 : defaultWorkerCount();
}

/** Workers for a big export: one per core, up to a few (the main thread mostly waits on them). */
export function defaultWorkerCount(): number {
  return workersAvailable() ? Math.min(availableParallelism(), MAX_WORKERS) : 0;
}

/** First pass for a split: the draw of every question that will have a record. Reads no candidate text. */
async function planProjectSplit(
  source: TagSource,
  tasks: readonly TagTask[],
  split: number,
  maxPerTag: number | undefined,
  seed: number,
): Promise<SplitPlan> {
  const draws: number[] = [];
  for (const task of tasks) {
    const ids = acceptedIds(await source.decisions(task.tagId));
    if (ids.length === 0) continue;
    const selection = selectForExport(ids, questionOrder(await source.questions(task.tagId)), maxPerTag, seed);
    const seen = new Set<string>();
    for (const item of selection.kept) {
      if (seen.has(item.questionId)) continue;
      seen.add(item.questionId);
      draws.push(questionDraw(seed, item.questionId));
    }
  }
  return planSplit(Float64Array.from(draws), split);
}

function bytesOf(sinks: Record<ExportFileRole, JsonlSink | null>): number {
  return (sinks.train?.bytes ?? 0) + (sinks.validation?.bytes ?? 0);
}

function exportedFiles(sinks: Record<ExportFileRole, JsonlSink | null>): ExportedFile[] {
  const files: ExportedFile[] = [];
  for (const role of ['train', 'validation'] as const) {
    const sink = sinks[role];
    if (!sink) continue;
    files.push({ path: sink.path, role, dataset: datasetNameFor(sink.path), records: sink.records, bytes: sink.bytes });
  }
  return files;
}

function nothingToExport(tally: ManifestTally): ExportError {
  if (tally.invalidCount > 0) {
    const first = tally.invalidExamples[0]!;
    return new ExportError(
      `none of the ${tally.invalidCount} accepted candidates makes a valid record (${first.candidateId}: ${first.reason})`,
    );
  }
  return new ExportError('no accepted candidates to export; accept some first (distill accept --passing, or in distill review)');
}

function buildManifest(
  store: ProjectStoreApi,
  options: ExportOptions,
  plan: RecordPlan,
  files: ExportedFile[],
  tally: ManifestTally,
): ExportManifest {
  return {
    version: 1,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    project: { topic: store.config.topic, language: store.config.language },
    options: {
      format: plan.shape.format,
      reasoning: plan.shape.reasoning,
      system: plan.shape.system ?? null,
      tagField: plan.shape.tagField ?? null,
      maxPerTag: plan.maxPerTag ?? null,
      split: options.split === undefined ? null : { train: options.split, seed: plan.seed },
      seed: plan.seed,
    },
    files,
    records: tally.exported,
    accepted: tally.accepted,
    droppedByCap: tally.droppedByCap,
    invalid: { count: tally.invalidCount, examples: tally.invalidExamples },
    tags: tally.tags,
    flags: options.flags ? tally.flags : null,
    models: tally.models,
    tokens: tally.tokens,
    rules: options.rules ?? store.config.rules,
  };
}
