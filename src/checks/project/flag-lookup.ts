import type { ProjectStoreApi } from '../../store/store-api.js';
import { loadFiredRules, projectRules } from './check-project.js';

/** Rule ids fired on each candidate of a tag: what the export's manifest counts per flag. */
export function flagLookup(store: ProjectStoreApi): (tagId: string) => Promise<ReadonlyMap<string, readonly string[]>> {
  return (tagId) => loadFiredRules(store, tagId);
}

/**
 * What the checks add to every export's manifest, from the CLI, the TUI or the
 * demo alike: flags per candidate (unless left out) and the thresholds in effect.
 */
export function exportChecks(store: ProjectStoreApi, withFlags = true) {
  return { ...(withFlags ? { flags: flagLookup(store) } : {}), rules: { ...projectRules(store) } };
}
