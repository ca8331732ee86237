import type { Failure } from '../core/types.js';
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
    const done = new Set(succeeded);
    const byTarget = new Map<string, Failure>();
    for (const failure of await this.read()) if (!done.has(failure.target)) byTarget.set(failure.target, failure);
    for (const failure of failed) {
      const previous = byTarget.get(failure.target);
      byTarget.set(failure.target, { ...failure, attempts: (previous?.attempts ?? 0) + failure.attempts });
    }
    await writeDocument(this.file, { failures: [...byTarget.values()] });
  }
}
