// Export from the review screen through the same code as `distill export`.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { exportAccepted } from '../../export/export-accepted.js';
import type { FlagLookup } from '../../export/export-options.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { ExportFormatName, ReviewExporter } from '../review-services.js';

/** Flags per candidate and the thresholds in effect, for the manifest (from the checks engine). */
export interface ExportServiceChecks {
  flags?: FlagLookup;
  rules?: Record<string, unknown>;
}

export function exportService(store: ProjectStoreApi, checks: ExportServiceChecks = {}): ReviewExporter {
  return {
    defaultOut: (format: ExportFormatName) => join('export', `${format}.jsonl`),
    async run(request) {
      // A relative path is relative to the project folder: the reviewer's cwd is not on screen.
      const out = isAbsolute(request.out) ? request.out : resolve(store.dir, request.out);
      const result = await exportAccepted(store, {
        format: request.format,
        out,
        reasoning: request.reasoning,
        ...(checks.flags ? { flags: checks.flags } : {}),
        ...(checks.rules ? { rules: checks.rules } : {}),
      });
      const shown = relative(store.dir, out) || out;
      return `exported ${result.records} records to ${shown} (dataset_info.json beside it)`;
    },
  };
}
