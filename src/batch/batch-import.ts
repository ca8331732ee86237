// `distill batch import FILE...`: reads Batch API results in any order, matches them to their
// items by custom_id and adds exactly what is still missing; failed items are recorded in
// data/failures.json as generation failures (the next live run or batch export retries them).
import { access } from 'node:fs/promises';
import { AnswerImporter } from './answer-import.js';
import { BatchError } from './batch-error.js';
import type { BatchStore } from './batch-store.js';
import { parseCustomId } from './custom-id.js';
import { ImportTally } from './import-tally.js';
import { importQuestionsResult, importTagsResult } from './list-import.js';
import { readResultLines } from './result-reader.js';

export interface BatchImportResult {
  files: string[];
  lines: number;
  imported: { tags: number; questions: number; answers: number };
  alreadyPresent: number;
  failed: number;
  stale: number;
  unknown: number;
  unreadable: { count: number; examples: string[] };
  /** The first failures, with reasons. */
  failures: { stage: string; target: string; reason: string }[];
}

const FAILURE_EXAMPLES = 10;

export async function importBatchResults(store: BatchStore, files: readonly string[]): Promise<BatchImportResult> {
  for (const file of files) {
    await access(file).catch(() => {
      throw new BatchError(`${file}: no such results file`);
    });
  }
  const tally = new ImportTally();
  const answers = new AnswerImporter(store, tally);
  for (const file of files) {
    for await (const line of readResultLines(file)) {
      tally.lines += 1;
      if (!line.ok) {
        tally.unreadableLine(line.where, line.problem);
        continue;
      }
      const target = parseCustomId(line.result.custom_id);
      if (!target) tally.unknown += 1;
      else if (target.stage === 'answers') await answers.add(target.candidateId, line.result);
      else if (target.stage === 'tags') await importTagsResult(store, tally, target, line.result);
      else await importQuestionsResult(store, tally, target, line.result);
    }
  }
  await answers.flush();
  // An item that failed in one line and succeeded in another (a resubmitted batch) is done.
  const succeeded = new Set(tally.succeeded);
  const failures = tally.failures.filter((failure) => !succeeded.has(failure.target));
  if (failures.length > 0 || succeeded.size > 0) await store.updateFailures(failures, succeeded);
  return {
    files: [...files],
    lines: tally.lines,
    imported: { ...tally.imported },
    alreadyPresent: tally.alreadyPresent,
    failed: failures.length,
    stale: tally.stale,
    unknown: tally.unknown,
    unreadable: { count: tally.unreadableCount, examples: tally.unreadable },
    failures: failures.slice(0, FAILURE_EXAMPLES).map(({ stage, target, reason }) => ({ stage, target, reason })),
  };
}
