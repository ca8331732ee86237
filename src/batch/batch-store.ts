import type { Failure } from '../core/types.js';
import type { ProjectStoreApi } from '../store/store-api.js';

/** The store as batch import needs it: the public API plus the generator's failure record. */
export type BatchStore = ProjectStoreApi & {
  updateFailures(failed: Failure[], succeeded: Iterable<string>): Promise<void>;
};
