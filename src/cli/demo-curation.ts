import { join } from 'node:path';
import { checkProject, selectPassing } from '../checks/project/check-project.js';
import { exportChecks } from '../checks/project/flag-lookup.js';
import { exportAccepted } from '../export/export-accepted.js';
import { EXPORT_FORMATS } from '../export/export-options.js';
import type { CliIO } from './cli-io.js';
import { openProject } from './project-options.js';

/**
 * What a reviewer would do by hand, done headless for `demo --auto`: check
 * every candidate, accept the preferred passing one of each question, and
 * export the accepted set in every format into DIR/export/. Returns the folder.
 */
export async function curateAndExport(projectDir: string, io: CliIO): Promise<string> {
  const store = await openProject({ project: projectDir }, io);
  try {
    const summary = await checkProject(store);
    const chosen = await selectPassing(store);
    await store.decide(chosen.map((id) => ({ id, status: 'accepted' as const })));
    const folder = join(store.dir, 'export');
    const lines = [
      `checked ${summary.candidates} candidates: ${summary.passing} pass, ${summary.failing} fail; accepted ${chosen.length} (the preferred passing one per question)`,
    ];
    for (const format of EXPORT_FORMATS) {
      const result = await exportAccepted(store, { format, out: join(folder, `${format}.jsonl`), ...exportChecks(store) });
      lines.push(`  ${format}: ${result.records} records in ${join(folder, `${format}.jsonl`)}`);
    }
    io.stderr.write(lines.join('\n') + '\n');
    return folder;
  } finally {
    await store.close();
  }
}
