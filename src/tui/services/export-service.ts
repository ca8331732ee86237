// Export from the review screen through the same code as `distill export`. The manifest's
// thresholds are read from distill.json when the export runs (another terminal, or T, may have
// changed them since the screen opened); the form's file name follows the chosen format and
// trainer; an existing file is only replaced after the reviewer said so.
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { resolveRules } from '../../checks/rules/rules-config.js';
import type { FlagLookup } from '../../export/export-options.js';
import { withJsonlExtension } from '../../export/export-paths.js';
import { readConfig } from '../../store/config-file.js';
import { ProjectLayout } from '../../store/project-layout.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { ExportFormatName, ExportTargetName, ReviewExporter } from '../review-services.js';

/** Flags per candidate, for the manifest's counts per flag (from the checks engine). */
export interface ExportServiceChecks {
  flags?: FlagLookup;
}

/** `export/sharegpt.jsonl`; with a trainer, `export/trl-messages.jsonl`. */
export function defaultExportName(format: ExportFormatName, target?: ExportTargetName): string {
  return `export/${target ? `${target}-` : ''}${format}.jsonl`;
}

export function exportService(store: ProjectStoreApi, checks: ExportServiceChecks = {}): ReviewExporter {
  // A relative path is relative to the project folder: the reviewer's cwd is not on screen.
  const resolveOut = (out: string) => withJsonlExtension(isAbsolute(out) ? out : resolve(store.dir, out));
  return {
    defaultOut: defaultExportName,
    async existing(out) {
      const path = resolveOut(out);
      const found = await stat(path).catch(() => null);
      return found?.isFile() ? relative(store.dir, path) || path : null;
    },
    async run(request) {
      const out = resolveOut(request.out);
      // The thresholds in force now, as the file says: not the ones of when the screen opened.
      const config = await readConfig(new ProjectLayout(store.dir).config);
      const rules = { ...resolveRules(config.rules, 'distill.json "rules"') };
      // Loaded on the first export, not with the screen: the writers (Parquet, schemas, YAML) cost
      // about 0.4 s of CPU, a third of the first screen's budget at a million candidates.
      const { exportAccepted } = await import('../../export/export-accepted.js');
      const result = await exportAccepted(store, {
        format: request.format,
        ...(request.target ? { target: request.target } : {}),
        out,
        reasoning: request.reasoning,
        ...(checks.flags ? { flags: checks.flags } : {}),
        rules,
      });
      const shown = relative(store.dir, result.out) || result.out;
      return `exported ${result.records} records to ${shown}${result.datasetInfoPath ? ' (dataset_info.json beside it)' : ''}`;
    },
  };
}
