// The check every results file passes before anything is imported from any of them: a request
// file given by mistake, a file of another project, another tool's batch or plain garbage is a
// one-line error, and the project is left as it was.
import { BatchError } from './batch-error.js';
import type { BatchStore } from './batch-store.js';
import { isTargetOf, parseCustomId } from './custom-id.js';
import { readResultLines } from './result-reader.js';

export async function checkResultFile(store: BatchStore, file: string): Promise<void> {
  let results = 0;
  let distills = 0;
  let ours = 0;
  let foreign: { line: number; customId: string } | null = null;
  for await (const line of readResultLines(file)) {
    if (!line.ok) {
      if (line.request) {
        throw new BatchError(`${file} is a batch request file (line ${line.line} is a request), not results; nothing was imported`, {
          hint: 'run it with the Batch API or vLLM run-batch and import the output file it writes',
        });
      }
      throw new BatchError(`${file} is not a Batch API results file (line ${line.line}: ${line.problem}); nothing was imported`);
    }
    results += 1;
    const target = parseCustomId(line.result.custom_id);
    if (!target) {
      foreign ??= { line: line.line, customId: line.result.custom_id };
      continue;
    }
    distills += 1;
    if (isTargetOf(store, target)) ours += 1;
  }
  if (results === 0) throw new BatchError(`${file} holds no batch results (it is empty); nothing was imported`);
  if (distills === 0) {
    const example = foreign ? ` (custom_id ${JSON.stringify(foreign.customId.slice(0, 60))} on line ${foreign.line})` : '';
    throw new BatchError(`${file}: no result in it was asked for by distill${example}; nothing was imported`);
  }
  if (ours === 0) {
    throw new BatchError(
      `${file} holds the results of another project (none of the tags they are for is in ${store.dir}); nothing was imported`,
    );
  }
}
