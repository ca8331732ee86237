// `distill batch import FILE...`: reads Batch API results (OpenAI's or vLLM's run-batch) in any
// order, matches them to their items by custom_id and adds exactly what is still missing (tags,
// questions, candidates, judgements); failed
// items are recorded in data/failures.json as generation failures (the next live run or batch
// export retries them). Every file is checked whole before anything is imported from any of them.
import { access } from 'node:fs/promises';
import { parseItemId } from '../core/ids.js';
import { AnswerImporter } from './answer-import.js';
import { BatchError } from './batch-error.js';
import { BatchLedger } from './batch-ledger.js';
import type { BatchStore } from './batch-store.js';
import { isTargetOf, parseCustomId } from './custom-id.js';
import { ImportTally } from './import-tally.js';
import { JudgeImporter } from './judge-import.js';
import { importQuestionsResult, importTagsResult } from './list-import.js';
import { checkResultFile } from './result-file-check.js';
import { readResultLines } from './result-reader.js';

export interface BatchImportResult {
  files: string[];
  lines: number;
  imported: { tags: number; questions: number; answers: number; judge: number };
  alreadyPresent: number;
  failed: number;
  stale: number;
  unknown: number;
  /** Results for sample indexes the project never asked for, with the first reasons. */
  refused: { count: number; examples: string[] };
  unreadable: { count: number; examples: string[] };
  /** The first failures, with reasons. */
  failures: { stage: string; target: string; reason: string }[];
  /** What storing them found to set aside (a torn judgement line a killed run left). */
  warnings: string[];
}

const FAILURE_EXAMPLES = 10;

export async function importBatchResults(store: BatchStore, files: readonly string[]): Promise<BatchImportResult> {
  for (const file of files) {
    await access(file).catch(() => {
      throw new BatchError(`${file}: no such results file`);
    });
  }
  for (const file of files) await checkResultFile(store, file);
  const ledger = await BatchLedger.read(store.dir);
  // K is what the project asks for, or more when an export asked for more (--candidates).
  const samplesAskedFor = Math.max(store.config.generation.candidates, ledger.candidatesAskedFor);
  const tally = new ImportTally();
  const answers = new AnswerImporter(store, tally);
  const judge = new JudgeImporter(store, tally);
  for (const file of files) {
    const back: string[] = [];
    for await (const line of readResultLines(file)) {
      tally.lines += 1;
      if (!line.ok) {
        tally.unreadableLine(`${file}:${line.line}`, line.problem);
        continue;
      }
      const target = parseCustomId(line.result.custom_id);
      if (!target || !isTargetOf(store, target)) {
        tally.unknown += 1;
        continue;
      }
      back.push(line.result.custom_id);
      if (target.stage === 'answers') {
        const sample = parseItemId(target.candidateId)!.sample!;
        if (sample >= samplesAskedFor) {
          tally.refuse(
            target.candidateId,
            `sample index ${sample}, but this project asks for ${samplesAskedFor} candidates per question (0–${samplesAskedFor - 1})`,
          );
        } else {
          await answers.add(target.candidateId, line.result);
        }
      } else if (target.stage === 'judge') await judge.add(target.candidateId, target.stamp, line.result);
      else if (target.stage === 'tags') await importTagsResult(store, tally, target, line.result);
      else await importQuestionsResult(store, tally, target, line.result);
    }
    await answers.flush();
    await judge.flush();
    await ledger.recordBack(file, back);
  }
  const warnings = await judge.close();
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
    refused: { count: tally.refusedCount, examples: tally.refused },
    unreadable: { count: tally.unreadableCount, examples: tally.unreadable },
    failures: failures.slice(0, FAILURE_EXAMPLES).map(({ stage, target, reason }) => ({ stage, target, reason })),
    warnings,
  };
}
