import type { Failure, Tag } from '../core/types.js';
import type { ProjectStoreApi } from '../store/store-api.js';

/** The store as batch import needs it: the public API, the generator's failure record, and every tag ever made. */
export type BatchStore = ProjectStoreApi & {
  updateFailures(failed: Failure[], succeeded: Iterable<string>): Promise<void>;
  /** Deleted tags included: a result for one is stale, not another project's. */
  readonly tree: { getAny(id: string): Tag | undefined };
};
