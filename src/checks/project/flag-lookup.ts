import type { ProjectStoreApi } from '../../store/store-api.js';
import type { FlagLookup } from '../../export/export-options.js';
import { firedRulesReader, loadFiredRules, projectRules } from './check-project.js';

/**
 * Rule ids fired on each candidate of a tag: what the export's manifest counts per flag. Each
 * export takes one reader for all its tags (perExport); a lookup kept by the review screen
 * between exports reads the project as it is at each call.
 */
export function flagLookup(store: ProjectStoreApi): FlagLookup {
  return Object.assign((tagId: string) => loadFiredRules(store, tagId), { perExport: () => firedRulesReader(store) });
}

/**
 * What the checks add to every export's manifest, from the CLI, the TUI or the
 * demo alike: flags per candidate (unless left out) and the thresholds in effect.
 */
export function exportChecks(store: ProjectStoreApi, withFlags = true) {
  return { ...(withFlags ? { flags: flagLookup(store) } : {}), rules: { ...projectRules(store) } };
}
