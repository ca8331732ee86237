// `distill batch export`: the missing generation requests of one stage as Batch API input files.
import type { Stage } from '../core/types.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { missingAnswerRequests } from './answer-requests.js';
import { BatchFileWriter, OPENAI_BATCH_LIMITS, type BatchFile, type BatchLimits } from './batch-file-writer.js';
import type { BatchRequestLine } from './batch-lines.js';
import { missingQuestionRequests, missingTagRequests } from './list-requests.js';

export interface BatchExportOptions {
  stage: Stage;
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
}

export interface BatchExportResult {
  stage: Stage;
  files: BatchFile[];
  requests: number;
}

export async function exportBatchRequests(store: ProjectStoreApi, options: BatchExportOptions): Promise<BatchExportResult> {
  const writer = new BatchFileWriter(options.outDir, options.stage, options.limits ?? OPENAI_BATCH_LIMITS);
  let requests = 0;
  for await (const request of requestsOf(store, options)) {
    await writer.write(request);
    requests += 1;
  }
  const files = await writer.close();
  return { stage: options.stage, files, requests };
}

function requestsOf(store: ProjectStoreApi, options: BatchExportOptions): AsyncIterable<BatchRequestLine> | Iterable<BatchRequestLine> {
  const rootId = options.tagId ?? null;
  const generation = store.config.generation;
  switch (options.stage) {
    case 'answers':
      return missingAnswerRequests(store, subtree(store, rootId), options.candidates ?? generation.candidates);
    case 'questions':
      return missingQuestionRequests(store, leavesUnder(store, rootId), options.questionsPerTag ?? generation.questionsPerTag);
    case 'tags':
      return missingTagRequests(store, rootId, options.levels ?? generation.levels, options.tagsPerLevel ?? generation.tagsPerLevel);
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
