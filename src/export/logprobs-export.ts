// `distill export … --logprobs FILE.parquet`: after the export is committed, one row per exported
// record, in the records' order (the training file's, then the validation file's), keyed by the
// candidate id, with the teacher's tokens placed in that record's assistant text.
import { rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseItemId } from '../core/ids.js';
import type { Candidate } from '../core/types.js';
import { LogprobsStore } from '../store/logprobs-store.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { ExportError } from './export-error.js';
import { writeLogprobsParquet } from './logprobs-parquet.js';
import { logprobsRow, type LogprobsRow } from './logprobs-rows.js';
import { readManifest } from './read-manifest.js';

export interface LogprobsExportResult {
  file: string;
  rows: number;
  /** Rows whose candidate has logprobs (the others have empty lists). */
  withLogprobs: number;
}

export async function exportLogprobs(store: ProjectStoreApi, manifestPath: string, file: string): Promise<LogprobsExportResult> {
  if (!file.endsWith('.parquet')) throw new ExportError(`--logprobs ${file}: give a file name ending in .parquet`);
  const { manifest } = await readManifest(manifestPath);
  const ordered = [...manifest.entries.filter((entry) => entry[2] !== 'v'), ...manifest.entries.filter((entry) => entry[2] === 'v')];
  const sidecars = new LogprobsStore(store.dir);
  const byTag = new Map<string, Map<string, Candidate>>();
  const rows: LogprobsRow[] = [];
  let withLogprobs = 0;
  for (const [id] of ordered) {
    const tagId = parseItemId(id)?.tagId;
    if (!tagId) throw new ExportError(`${manifestPath}: "${id}" is not a candidate id`);
    let candidates = byTag.get(tagId);
    if (!candidates)
      byTag.set(tagId, (candidates = new Map((await store.candidates(tagId)).map((candidate) => [candidate.id, candidate]))));
    const candidate = candidates.get(id);
    if (!candidate) throw new ExportError(`candidate ${id} of the export is no longer in the project; export again`);
    const labels = await sidecars.labels(candidate);
    if (labels) withLogprobs++;
    rows.push(logprobsRow(id, labels, candidate.reasoning, candidate.answer, manifest.options.reasoning));
  }
  // Written under a temporary name, then renamed: a reader never sees half a file.
  const temporary = join(dirname(file), `.${Date.now()}-${process.pid}.logprobs.tmp`);
  try {
    await writeLogprobsParquet(temporary, rows);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new ExportError(`cannot write ${file}: ${code === 'ENOSPC' ? 'disk full' : code}`, { cause: error });
  }
  return { file, rows: rows.length, withLogprobs };
}
