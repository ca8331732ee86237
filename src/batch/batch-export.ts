// `distill batch export`: the missing generation requests of one stage as Batch API input files.
// What an earlier export sent out and no import has brought back yet is not asked for again
// (unless `again`), and earlier files are never overwritten.
import type { PoolTeacher } from '../core/teacher-pool-config.js';
import type { GenerationDefaults, Stage } from '../core/types.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { missingAnswerRequests } from './answer-requests.js';
import { batchJudge, missingJudgeRequests } from './judge-requests.js';
import { BatchLedger } from './batch-ledger.js';
import { BatchFileWriter, OPENAI_BATCH_LIMITS, type BatchFile, type BatchLimits } from './batch-file-writer.js';
import type { BatchRequestLine } from './batch-lines.js';
import { missingQuestionRequests, missingTagRequests } from './list-requests.js';

/** The stages a batch export writes requests for. */
export type BatchStage = Stage;

export interface BatchExportOptions {
  stage: BatchStage;
  outDir: string;
  /** The subtree to cover (null or absent: the whole project). */
  tagId?: string | null;
  /** answers: samples per question (default: the project's generation setting). */
  candidates?: number;
  /** tags: depth of the tree and sub-tags per tag; questions: questions per leaf (defaults: the project's). */
  levels?: number;
  tagsPerLevel?: number;
  questionsPerTag?: number;
  limits?: BatchLimits;
  /** Ask again for what is out in earlier files (results that never came back). */
  again?: boolean;
  /** judge: the teacher that judges (default: the first with the judge role). */
  teacher?: string;
  /** judge: whether a candidate passes the cheap rules, per tag; absent: judge every candidate (--all). */
  passesCheapRules?: (tagId: string) => Promise<(candidateId: string) => boolean>;
}

export interface BatchExportResult {
  stage: Stage;
  files: BatchFile[];
  requests: number;
  /** Missing items not asked for because an earlier export has them out, and the files they are in. */
  alreadyOut: { requests: number; files: string[] };
}

export async function exportBatchRequests(store: ProjectStoreApi, options: BatchExportOptions): Promise<BatchExportResult> {
  // A missing judge is said before anything is read.
  const judge = options.stage === 'judge' ? batchJudge(store, options.teacher) : null;
  const ledger = await BatchLedger.read(store.dir);
  const writer = new BatchFileWriter(options.outDir, options.stage, options.limits ?? OPENAI_BATCH_LIMITS);
  let requests = 0;
  let alreadyOut = 0;
  const outFiles = new Set<string>();
  for await (const request of requestsOf(store, options, judge)) {
    const outIn = options.again ? undefined : ledger.outIn(request.custom_id);
    if (outIn !== undefined) {
      alreadyOut += 1;
      outFiles.add(outIn);
      continue;
    }
    await writer.write(request);
    requests += 1;
  }
  const files = await writer.close();
  const candidates = options.stage === 'answers' ? { candidates: sizesOf(store, options).candidates } : {};
  for (const file of files) {
    await ledger.recordOut({ stage: options.stage, file: file.path, ids: writer.customIdsOf(file.path), ...candidates });
  }
  return { stage: options.stage, files, requests, alreadyOut: { requests: alreadyOut, files: [...outFiles] } };
}

/** The sizes the export completes: the options given, else the project's own. */
function sizesOf(store: ProjectStoreApi, options: BatchExportOptions): GenerationDefaults {
  const project = store.config.generation;
  return {
    levels: options.levels ?? project.levels,
    tagsPerLevel: options.tagsPerLevel ?? project.tagsPerLevel,
    questionsPerTag: options.questionsPerTag ?? project.questionsPerTag,
    candidates: options.candidates ?? project.candidates,
  };
}

function requestsOf(
  store: ProjectStoreApi,
  options: BatchExportOptions,
  judge: PoolTeacher | null,
): AsyncIterable<BatchRequestLine> | Iterable<BatchRequestLine> {
  const rootId = options.tagId ?? null;
  const sizes = sizesOf(store, options);
  switch (options.stage) {
    case 'answers':
      return missingAnswerRequests(store, subtree(store, rootId), sizes.candidates);
    case 'questions':
      return missingQuestionRequests(store, leavesUnder(store, rootId), sizes.questionsPerTag);
    case 'tags':
      return missingTagRequests(store, rootId, sizes.levels, sizes.tagsPerLevel);
    case 'judge':
      return missingJudgeRequests(store, subtree(store, rootId), judge!, options.passesCheapRules ?? null);
  }
}

/** The tag and every live tag below it, or all live tags (as `answers generate` covers them). */
function subtree(store: ProjectStoreApi, rootId: string | null): string[] {
  if (rootId === null) return store.tags().map((tag) => tag.id);
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) ids.push(...store.children(ids[i]!).map((tag) => tag.id));
  return ids;
}

function leavesUnder(store: ProjectStoreApi, rootId: string | null): string[] {
  return subtree(store, rootId).filter((id) => store.isLeaf(id));
}
