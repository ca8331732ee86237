// One tag's share of an export: select its accepted candidates, turn each into a record, validate
// it and pack the lines into chunks. Runs on the main thread or in an export worker alike.
import type { Candidate, Decision, Question } from '../core/types.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import type { CandidateRef } from './candidate-file-reader.js';
import type { ExportFileRole, InvalidRecord } from './export-options.js';
import { idsToExport, questionOrder, selectForExport } from './export-selection.js';
import { chunkBuilderFor, type ChunkBuilder, type RecordChunk, type RecordContainer } from './chunk-builders.js';
import { recordHash } from './content-hash.js';
import { formatRecord, thinkBlockProblem, type RecordShape } from './format-record.js';
import { FastRecords } from './raw/fast-records.js';
import type { RecordValidator } from './record-validator.js';
import { isValidation, questionDraw, type SplitPlan } from './train-split.js';

/** What a tag export reads: from the project store, or (in workers) straight from the shard files. */
export interface TagSource {
  /** Live questions. */
  questions(tagId: string): Promise<Question[]>;
  /** The decisions in effect: of every decided candidate, or at least of those `wanted` names (see DecisionsWanted). */
  decisions(tagId: string, wanted?: DecisionsWanted): Promise<ReadonlyMap<string, Decision>>;
  /** The tag's candidates whose id is wanted, the first of each id, in file order. */
  candidatesWhere(tagId: string, wanted: (id: string) => boolean): Promise<CandidateRef[]>;
}

/** 'accepting': the candidates some vote accepts (an export of the accepted ones needs no other); or these ids. */
export type DecisionsWanted = 'accepting' | ReadonlySet<string>;

/** The decisions an export of `task` looks at. */
export function decisionsWanted(task: { only?: readonly string[] }): DecisionsWanted {
  return task.only ? new Set(task.only) : 'accepting';
}

/** The store as a tag source (its shard cache serves the reads). */
export function storeTagSource(store: ProjectStoreApi): TagSource {
  return {
    questions: (tagId) => store.questions(tagId),
    decisions: (tagId) => store.decisions(tagId),
    candidatesWhere: async (tagId, wanted) =>
      (await store.candidates(tagId))
        .filter((candidate) => wanted(candidate.id))
        .map((candidate) => ({ id: candidate.id, load: () => candidate })),
  };
}

export interface TagTask {
  tagId: string;
  /** "A > B" */
  tagPath: string;
  /** With `export --selection`: the selection's candidates of this tag, written instead of the accepted ones. */
  only?: readonly string[];
}

/** Everything about the records that is the same for every tag; plain data, so workers get a copy. */
export interface RecordPlan {
  shape: RecordShape;
  /** JSON lines, or Parquet column batches. */
  container: RecordContainer;
  seed: number;
  maxPerTag?: number;
  split: SplitPlan | null;
  /** Report the ids written (the main thread needs them to count flags). */
  keepIds: boolean;
}

export interface TokenTotals {
  prompt: number;
  completion: number;
  reasoning: number;
}

export interface TagSummary {
  tagId: string;
  tagPath: string;
  /** Accepted candidates of live questions, before the cap. */
  accepted: number;
  train: number;
  validation: number;
  models: Record<string, number>;
  /** Pool teacher name → records (candidates written before pools name none). */
  teachers: Record<string, number>;
  tokens: TokenTotals;
  invalid: InvalidRecord[];
  exportedIds: string[] | null;
  /** Every record written: [candidate id, content hash, role], for the manifest and `export diff`. */
  entries: RecordEntry[];
  /** Bytes of the records as JSON lines (for Parquet, the input the columns stand for). */
  jsonBytes: number;
}

/** A record of the manifest: its candidate id, the hash of its JSON text, and its file ('t' or 'v'). */
export type RecordEntry = [id: string, hash: string, role: 't' | 'v'];

export type ChunkEmitter = (role: ExportFileRole, chunk: RecordChunk) => void | Promise<void>;

export async function exportTagRecords(
  source: TagSource,
  task: TagTask,
  plan: RecordPlan,
  validate: RecordValidator,
  emit: ChunkEmitter,
): Promise<TagSummary> {
  const summary: TagSummary = {
    tagId: task.tagId,
    tagPath: task.tagPath,
    accepted: 0,
    train: 0,
    validation: 0,
    models: {},
    teachers: {},
    tokens: { prompt: 0, completion: 0, reasoning: 0 },
    invalid: [],
    exportedIds: plan.keepIds ? [] : null,
    entries: [],
    jsonBytes: 0,
  };
  if (task.only?.length === 0) return summary;
  const decisions = await source.decisions(task.tagId, decisionsWanted(task));
  const wanted = idsToExport(task, decisions);
  if (wanted.length === 0) return summary;
  const wantedSet = task.only ? new Set(wanted) : null;
  const isWanted = wantedSet ? (id: string) => wantedSet.has(id) : (id: string) => decisions.get(id)?.status === 'accepted';
  const [questions, candidates] = await Promise.all([source.questions(task.tagId), source.candidatesWhere(task.tagId, isWanted)]);
  const byId = new Map<string, CandidateRef>();
  for (const candidate of candidates) if (!byId.has(candidate.id)) byId.set(candidate.id, candidate);
  const selection = selectForExport(byId.keys(), questionOrder(questions), plan.maxPerTag, plan.seed);
  summary.accepted = selection.accepted;
  const questionText = new Map<string, string>(questions.map((question) => [question.id, question.text]));

  const ready: [ExportFileRole, RecordChunk][] = [];
  const take = (role: ExportFileRole, chunk: RecordChunk): void => {
    summary.jsonBytes += chunk.jsonBytes ?? chunk.bytes.length;
    ready.push([role, chunk]);
  };
  const chunkers: Record<ExportFileRole, ChunkBuilder> = {
    train: chunkBuilderFor(plan, (chunk) => take('train', chunk)),
    validation: chunkBuilderFor(plan, (chunk) => take('validation', chunk)),
  };
  const thinking = plan.shape.reasoning === 'think';
  const fast = FastRecords.of(plan.shape, task.tagPath, validate);
  for (const item of selection.kept) {
    const ref = byId.get(item.id)!;
    const raw = fast && ref.raw ? ref.raw() : null;
    if (raw && fast!.fill(raw, item.questionId, questionText.get(item.questionId)!)) {
      const role = roleOf(plan, item.questionId);
      const json = chunkers[role].addTemplate(fast!.template);
      summary.entries.push([raw.candidate.id, recordHash(json), role === 'train' ? 't' : 'v']);
      countRecord(summary, raw.candidate, role);
      while (ready.length > 0) await emit(...ready.shift()!);
      continue;
    }
    const candidate = ref.load();
    const record = formatRecord(
      {
        id: candidate.id,
        question: questionText.get(item.questionId)!,
        reasoning: candidate.reasoning,
        answer: candidate.answer,
        tagPath: task.tagPath,
      },
      plan.shape,
    );
    const problem = validate(record) ?? (thinking ? thinkBlockProblem(candidate) : null);
    if (problem !== null) {
      summary.invalid.push({ candidateId: candidate.id, reason: problem });
      continue;
    }
    const role = roleOf(plan, item.questionId);
    const json = JSON.stringify(record);
    chunkers[role].add(record, json);
    summary.entries.push([candidate.id, recordHash(json), role === 'train' ? 't' : 'v']);
    countRecord(summary, candidate, role);
    while (ready.length > 0) await emit(...ready.shift()!);
  }
  chunkers.train.flush();
  chunkers.validation.flush();
  for (const [role, chunk] of ready) await emit(role, chunk);
  return summary;
}

function roleOf(plan: RecordPlan, questionId: string): ExportFileRole {
  return plan.split && isValidation(plan.split, questionDraw(plan.seed, questionId)) ? 'validation' : 'train';
}

function countRecord(summary: TagSummary, candidate: Candidate, role: ExportFileRole): void {
  summary[role] += 1;
  summary.models[candidate.model] = (summary.models[candidate.model] ?? 0) + 1;
  if (candidate.teacher !== undefined) summary.teachers[candidate.teacher] = (summary.teachers[candidate.teacher] ?? 0) + 1;
  if (candidate.usage) {
    summary.tokens.prompt += candidate.usage.promptTokens;
    summary.tokens.completion += candidate.usage.completionTokens;
    summary.tokens.reasoning += candidate.usage.reasoningTokens ?? 0;
  }
  summary.exportedIds?.push(candidate.id);
}
