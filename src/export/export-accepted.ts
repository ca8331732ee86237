// The export: accepted candidates → validated records → JSONL, then dataset_info.json and the
// manifest beside it. Reads one tag's shards at a time, so memory follows the largest tag.
import { resolve, basename } from 'node:path';
import type { Candidate, Question, Tag } from '../core/types.js';
import { joinTagPath } from '../core/tag-path.js';
import type { ProjectStoreApi } from '../store/store-api.js';
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
import { datasetInfoPathFor, datasetNameFor, validationPathFor } from './export-paths.js';
import { acceptedIds, questionOrder, selectForExport } from './export-selection.js';
import { checkExportOptions } from './check-export-options.js';
import { formatRecord, type RecordShape } from './format-record.js';
import { JsonlSink } from './jsonl-sink.js';
import { ManifestTally, manifestPathFor, writeManifest, type ExportManifest } from './manifest.js';
import { compileRecordValidator, type RecordValidator } from './record-validator.js';
import { isValidation, planSplit, questionDraw, type SplitPlan } from './train-split.js';

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
  elapsedMs: number;
}

interface Sinks {
  train: JsonlSink;
  validation: JsonlSink | null;
}

export async function exportAccepted(
  store: ProjectStoreApi,
  options: ExportOptions,
  onProgress?: ExportProgressListener,
): Promise<ExportResult> {
  const started = performance.now();
  checkExportOptions(options);
  const out = resolve(options.out);
  const seed = options.seed ?? DEFAULT_SEED;
  const shape: RecordShape = {
    format: options.format,
    reasoning: options.reasoning ?? DEFAULT_REASONING,
    ...(options.system === undefined ? {} : { system: options.system }),
    ...(options.tagField === undefined ? {} : { tagField: options.tagField }),
  };
  const validate = compileRecordValidator(shape.format, shape.tagField);
  const tags = store.tags();
  const split = options.split === undefined ? null : await planProjectSplit(store, tags, options, seed);

  const sinks: Sinks = {
    train: new JsonlSink(out),
    validation: split ? new JsonlSink(validationPathFor(out)) : null,
  };
  const tally = new ManifestTally();
  try {
    for (const [index, tag] of tags.entries()) {
      await exportTag(store, tag, { options, seed, shape, validate, split, sinks, tally });
      onProgress?.({ tagsDone: index + 1, tagsTotal: tags.length, records: recordsOf(sinks), bytes: bytesOf(sinks) });
    }
    if (recordsOf(sinks) === 0) throw nothingToExport(tally);
    await sinks.train.commit();
    await sinks.validation?.commit();
  } catch (error) {
    await sinks.train.discard();
    await sinks.validation?.discard();
    throw error;
  }

  const files = exportedFiles(sinks);
  const datasetInfoPath = datasetInfoPathFor(out);
  const entries: Record<string, DatasetInfoEntry> = {};
  for (const file of files) {
    entries[file.dataset] = datasetInfoEntry(shape.format, basename(file.path), shape.system !== undefined);
  }
  await mergeDatasetInfo(datasetInfoPath, entries);

  const manifest = buildManifest(store, options, shape, seed, files, tally);
  const manifestPath = manifestPathFor(out);
  await writeManifest(manifestPath, manifest);
  return {
    files,
    records: manifest.records,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    accepted: tally.accepted,
    droppedByCap: tally.droppedByCap,
    invalid: tally.invalidCount,
    datasetInfoPath,
    manifestPath,
    manifest,
    elapsedMs: performance.now() - started,
  };
}

interface TagContext {
  options: ExportOptions;
  seed: number;
  shape: RecordShape;
  validate: RecordValidator;
  split: SplitPlan | null;
  sinks: Sinks;
  tally: ManifestTally;
}

async function exportTag(store: ProjectStoreApi, tag: Tag, context: TagContext): Promise<void> {
  const decisions = await store.decisions(tag.id);
  if (acceptedIds(decisions).length === 0) return;
  const [questions, candidates, flags] = await Promise.all([
    store.questions(tag.id),
    store.candidates(tag.id),
    context.options.flags ? context.options.flags(tag.id) : undefined,
  ]);
  const byId = new Map<string, Candidate>();
  for (const candidate of candidates) {
    if (decisions.get(candidate.id)?.status === 'accepted') byId.set(candidate.id, candidate);
  }
  const selection = selectForExport(byId.keys(), questionOrder(questions), context.options.maxPerTag, context.seed);
  const tagPath = joinTagPath(store.tagPath(tag.id));
  context.tally.addAccepted(tagPath, selection.accepted, selection.kept.length);
  const questionById = new Map<string, Question>(questions.map((question) => [question.id, question]));

  for (const item of selection.kept) {
    const candidate = byId.get(item.id)!;
    const question = questionById.get(item.questionId)!;
    const record = formatRecord(
      { question: question.text, reasoning: candidate.reasoning, answer: candidate.answer, tagPath },
      context.shape,
    );
    const problem = context.validate(record);
    if (problem !== null) {
      context.tally.addInvalid({ candidateId: candidate.id, reason: problem });
      continue;
    }
    const role: ExportFileRole =
      context.split && isValidation(context.split, questionDraw(context.seed, item.questionId)) ? 'validation' : 'train';
    await (role === 'validation' ? context.sinks.validation! : context.sinks.train).writeLine(JSON.stringify(record));
    context.tally.addRecord(tagPath, candidate, role, flags?.get(candidate.id) ?? []);
  }
}

/** First pass for a split: the draw of every question that will have a record. Reads no candidate text. */
async function planProjectSplit(
  store: ProjectStoreApi,
  tags: readonly Tag[],
  options: ExportOptions,
  seed: number,
): Promise<SplitPlan> {
  const draws: number[] = [];
  for (const tag of tags) {
    const decisions = await store.decisions(tag.id);
    const ids = acceptedIds(decisions);
    if (ids.length === 0) continue;
    const selection = selectForExport(ids, questionOrder(await store.questions(tag.id)), options.maxPerTag, seed);
    const seen = new Set<string>();
    for (const item of selection.kept) {
      if (seen.has(item.questionId)) continue;
      seen.add(item.questionId);
      draws.push(questionDraw(seed, item.questionId));
    }
  }
  return planSplit(Float64Array.from(draws), options.split!);
}

function recordsOf(sinks: Sinks): number {
  return sinks.train.records + (sinks.validation?.records ?? 0);
}

function bytesOf(sinks: Sinks): number {
  return sinks.train.bytes + (sinks.validation?.bytes ?? 0);
}

function exportedFiles(sinks: Sinks): ExportedFile[] {
  const describe = (sink: JsonlSink, role: ExportFileRole): ExportedFile => ({
    path: sink.path,
    role,
    dataset: datasetNameFor(sink.path),
    records: sink.records,
    bytes: sink.bytes,
  });
  const files = [describe(sinks.train, 'train')];
  if (sinks.validation) files.push(describe(sinks.validation, 'validation'));
  return files;
}

function nothingToExport(tally: ManifestTally): ExportError {
  if (tally.invalidCount > 0) {
    const first = tally.invalidExamples[0]!;
    return new ExportError(
      `none of the ${tally.invalidCount} accepted candidates makes a valid record (${first.candidateId}: ${first.reason})`,
    );
  }
  return new ExportError(
    'no accepted candidates to export; accept some first (distill accept --passing, or in distill review)',
  );
}

function buildManifest(
  store: ProjectStoreApi,
  options: ExportOptions,
  shape: RecordShape,
  seed: number,
  files: ExportedFile[],
  tally: ManifestTally,
): ExportManifest {
  return {
    version: 1,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    project: { topic: store.config.topic, language: store.config.language },
    options: {
      format: shape.format,
      reasoning: shape.reasoning,
      system: shape.system ?? null,
      tagField: shape.tagField ?? null,
      maxPerTag: options.maxPerTag ?? null,
      split: options.split === undefined ? null : { train: options.split, seed },
      seed,
    },
    files,
    records: files.reduce((sum, file) => sum + file.records, 0),
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
