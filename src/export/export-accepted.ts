// The export: accepted candidates → validated records → JSONL (or a Parquet dataset folder), then
// the manifest (and dataset_info.json, or the dataset card) beside them. Every check that can fail
// runs before the first byte is written; all files go to temporary names and are put in place
// together by one commit. Tags are formatted on worker threads when the export is big enough to
// gain from them (on the main thread otherwise), and written in tag order either way. A Hugging
// Face folder's workers encode whole Parquet shards themselves (hf/shard-plan.ts).
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { joinTagPath } from '../core/tag-path.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { checkExportOptions, exportOptionsWarnings } from './check-export-options.js';
import type { LlamaFactoryFormat } from './dataset-info.js';
import { RECORD_HASH } from './content-hash.js';
import { ExportError } from './export-error.js';
import { DEFAULT_SEED, type ExportedFile, type ExportFileRole, type ExportOptions, type ExportProgressListener } from './export-options.js';
import { checkDatasetFolder, checkOutputFile } from './export-preflight.js';
import { targetRules, writesDatasetInfo } from './export-targets.js';
import { FlagCounts } from './flag-counts.js';
import { datasetInfoPathFor, withJsonlExtension } from './export-paths.js';
import { idsToExport, questionOrder, selectForExport } from './export-selection.js';
import { HfOutput } from './hf/hf-output.js';
import { writeShards } from './hf/write-shards.js';
import { JsonlOutput } from './jsonl-output.js';
import type { LineChunk } from './line-chunker.js';
import { ManifestTally, type ExportManifest } from './manifest.js';
import { compileRecordValidator } from './record-validator.js';
import { ShardReader } from './shard-reader.js';
import { cleanStaleExports } from './stale-exports.js';
import {
  decisionsWanted,
  exportTagRecords,
  storeTagSource,
  type RecordPlan,
  type TagSource,
  type TagSummary,
  type TagTask,
} from './tag-records.js';
import { exportTagsInWorkers, workersAvailable } from './tag-worker-pool.js';
import { planSplit, questionDraw, type SplitPlan } from './train-split.js';

export interface ExportResult {
  /** The training file (with `.jsonl` added when it was missing), or the dataset folder. */
  out: string;
  files: ExportedFile[];
  records: number;
  bytes: number;
  accepted: number;
  droppedByCap: number;
  invalid: number;
  /** null when the target reads no dataset_info.json. */
  datasetInfoPath: string | null;
  manifestPath: string;
  manifest: ExportManifest;
  /** What the consumer will partly lose (e.g. reasoning_content in templates that drop it). */
  warnings: string[];
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
  const rules = targetRules(options.target);
  const out = rules.container === 'jsonl' ? withJsonlExtension(resolve(options.out)) : resolve(options.out);
  const datasetInfo = rules.container === 'jsonl' && writesDatasetInfo(options.target, options.format);
  if (rules.container === 'jsonl') await checkOutputFile(out, datasetInfo ? datasetInfoPathFor(out) : null, resolve(options.out));
  else await checkDatasetFolder(out);

  const tasks: TagTask[] = store.tags().map((tag) => ({
    tagId: tag.id,
    tagPath: joinTagPath(store.tagPath(tag.id)),
    ...(options.selection ? { only: options.selection.ids.get(tag.id) ?? [] } : {}),
  }));
  const workers = workerCount(store, tasks, options.workers);
  // Workers read shards from disk; the planning pass reads the same way so both see one state.
  const source: TagSource = workers > 0 ? new ShardReader(store.dir) : storeTagSource(store);
  const seed = options.seed ?? DEFAULT_SEED;
  const plan: RecordPlan = {
    shape: {
      format: options.format,
      reasoning: options.reasoning ?? rules.reasoning,
      ...(options.system === undefined ? {} : { system: options.system }),
      ...(options.tagField === undefined ? {} : { tagField: options.tagField }),
      ...(options.ids ? { ids: true } : {}),
    },
    container: rules.container,
    seed,
    ...(options.maxPerTag === undefined ? {} : { maxPerTag: options.maxPerTag }),
    split: options.split === undefined ? null : await planProjectSplit(source, tasks, options.split, options.maxPerTag, seed),
    keepIds: options.flags !== undefined,
  };

  await mkdir(dirname(out), { recursive: true }).catch((error: unknown) => {
    throw asUserFacing(error);
  });
  await cleanStaleExports(dirname(out));
  const output: JsonlOutput | HfOutput =
    rules.container === 'jsonl'
      ? new JsonlOutput(
          out,
          plan.split !== null,
          datasetInfo ? { format: plan.shape.format as LlamaFactoryFormat, hasSystem: plan.shape.system !== undefined } : null,
        )
      : new HfOutput(out, plan.shape);
  const tally = new ManifestTally();
  let tagsDone = 0;
  const flags = options.flags ? new FlagCounts(options.flags) : null;
  const sinks = {
    chunk: (role: ExportFileRole, chunk: LineChunk): Promise<void> => {
      if (output instanceof HfOutput) throw new Error('Parquet batches go to shard files, not to the output');
      return output.write(role, chunk);
    },
    done: (summary: TagSummary): Promise<void> => {
      tally.addTag(summary);
      flags?.add(summary);
      tagsDone += 1;
      onProgress?.({ tagsDone, tagsTotal: tasks.length, records: tally.exported, bytes: output.bytes });
      return Promise.resolve();
    },
  };
  let manifest: ExportManifest;
  try {
    if (output instanceof HfOutput) {
      await output.start();
      const accepted = tasks.map((task) => store.counts(task.tagId).accepted);
      const work = { tasks, accepted, workers, source, projectDir: store.dir, plan, shardRecords: options.shardRecords };
      await writeShards(output, work, sinks.done);
    } else if (workers > 0) {
      await exportTagsInWorkers(tasks, workers, { projectDir: store.dir, plan }, sinks);
    } else {
      const validate = compileRecordValidator(plan.shape.format, plan.shape.tagField, plan.shape.ids);
      for (const task of tasks) await sinks.done(await exportTagRecords(source, task, plan, validate, sinks.chunk));
    }
    if (tally.exported === 0) throw nothingToExport(tally, options.selection?.name);
    const [flagCounts] = await Promise.all([flags?.finish(), output.finish()]);
    if (flagCounts) Object.assign(tally.flags, flagCounts);
    manifest = buildManifest(store, options, plan, output.files(), tally);
    await output.commit(manifest, tally.entries);
  } catch (error) {
    await output.discard();
    throw asUserFacing(error);
  }
  return {
    out,
    files: manifest.files,
    records: manifest.records,
    bytes: output.bytes,
    accepted: tally.accepted,
    droppedByCap: tally.droppedByCap,
    invalid: tally.invalidCount,
    datasetInfoPath: output.datasetInfoPath,
    manifestPath: output.manifestPath,
    manifest,
    warnings: exportOptionsWarnings(options),
    workers,
    elapsedMs: performance.now() - started,
  };
}

/** A failing disk or a folder we may not write to is the user's to fix, not a bug: say which file and why. */
function asUserFacing(error: unknown): unknown {
  const system = error as NodeJS.ErrnoException;
  if (error instanceof Error && !(error instanceof ExportError) && typeof system.syscall === 'string' && typeof system.code === 'string') {
    const what = system.code === 'ENOSPC' ? 'disk full' : system.code;
    return new ExportError(`cannot write ${system.path ?? 'the export'}: ${what} (${system.syscall})`, { cause: error });
  }
  return error;
}

function workerCount(store: ProjectStoreApi, tasks: readonly TagTask[], asked: number | undefined): number {
  if (asked !== undefined) return asked > 0 && workersAvailable() ? Math.min(asked, MAX_WORKERS) : 0;
  if (!workersAvailable()) return 0;
  const accepted = tasks.reduce((sum, task) => sum + (task.only?.length ?? store.counts(task.tagId).accepted), 0);
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
    if (task.only?.length === 0) continue;
    const ids = idsToExport(task, await source.decisions(task.tagId, decisionsWanted(task)));
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

function nothingToExport(tally: ManifestTally, selection: string | undefined): ExportError {
  if (tally.invalidCount > 0) {
    const first = tally.invalidExamples[0]!;
    return new ExportError(
      `none of the ${tally.invalidCount} accepted candidates makes a valid record (${first.candidateId}: ${first.reason})`,
    );
  }
  if (selection !== undefined)
    return new ExportError(`selection "${selection}" has no candidate left to export (reviewers rejected them, or it selected none)`);
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
    version: 2,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    project: { topic: store.config.topic, language: store.config.language },
    target: options.target ?? null,
    options: {
      format: plan.shape.format,
      ids: plan.shape.ids === true,
      reasoning: plan.shape.reasoning,
      system: plan.shape.system ?? null,
      tagField: plan.shape.tagField ?? null,
      maxPerTag: plan.maxPerTag ?? null,
      split: options.split === undefined ? null : { train: options.split, seed: plan.seed },
      seed: plan.seed,
      selection: options.selection?.name ?? null,
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
    teachers: tally.teachers,
    recordHash: RECORD_HASH,
  };
}
