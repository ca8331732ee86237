import type { ProjectStore } from '../store/project-store.js';
import { loadVerdicts } from './check-project.js';

/** Rule ids fired on each candidate of a tag: what the export's manifest counts per flag. */
export function flagLookup(store: ProjectStore): (tagId: string) => Promise<ReadonlyMap<string, readonly string[]>> {
  return async (tagId) => {
    const flags = new Map<string, readonly string[]>();
    for (const [id, verdict] of await loadVerdicts(store, tagId)) flags.set(id, verdict.flags.map((flag) => flag.rule));
    return flags;
  };
}
