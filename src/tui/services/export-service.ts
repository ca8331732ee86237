// Export from the review screen through the same code as `distill export`.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { exportAccepted } from '../../export/export-accepted.js';
import type { FlagLookup } from '../../export/export-options.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { ExportFormatName, ReviewExporter } from '../review-services.js';

export function exportService(store: ProjectStoreApi, flags?: FlagLookup): ReviewExporter {
  return {
    defaultOut: (format: ExportFormatName) => join('export', `${format}.jsonl`),
    async run(request) {
      // A relative path is relative to the project folder: the reviewer's cwd is not on screen.
      const out = isAbsolute(request.out) ? request.out : resolve(store.dir, request.out);
      const result = await exportAccepted(store, {
        format: request.format,
        out,
        reasoning: request.reasoning,
        ...(flags ? { flags } : {}),
      });
      const shown = relative(store.dir, out) || out;
      return `exported ${result.records} records to ${shown} (dataset_info.json beside it)`;
    },
  };
}
