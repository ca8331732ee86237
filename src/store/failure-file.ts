import type { Failure } from '../core/types.js';
import { mergeFailures } from './failure-merge.js';
import { readDocument, writeDocument } from './json-document.js';
import { isDocumentOf, isFailure } from './record-guards.js';

const isFailureDocument = isDocumentOf('failures', isFailure);

/** data/failures.json: items that failed after retries, until a later run gets them done. */
export class FailureFile {
  constructor(readonly file: string) {}

  async read(): Promise<Failure[]> {
    const document = await readDocument(this.file, isFailureDocument, 'expected { "failures": [...] }');
    return document?.failures ?? [];
  }

  /** Call holding the failures lock. */
  async update(failed: readonly Failure[], succeeded: Iterable<string>): Promise<void> {
    await writeDocument(this.file, { failures: mergeFailures(await this.read(), failed, succeeded) });
  }
}
