import type { ProjectStoreApi } from '../store/store-api.js';

/** The store as batch import needs it (its tree includes deleted tags: a result for one is stale, not another project's). */
export type BatchStore = ProjectStoreApi;
