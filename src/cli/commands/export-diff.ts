// `distill export diff A B [--json]`: what was added, removed and changed between two exports.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { diffExports, type ExportDiff } from '../../export/export-diff.js';
import { ExportError } from '../../export/export-error.js';
import { readManifest } from '../../export/read-manifest.js';
import { DistillError } from '../../core/distill-error.js';
import type { CliIO } from '../cli-io.js';

const IDS_SHOWN = 20;

export function registerExportDiff(exportCommand: Command, io: CliIO): void {
  exportCommand
    .command('diff <a> <b>')
    .description('what was added, removed and changed from export A to export B (by question and candidate)')
    .option('--json', 'print one JSON document: {"added", "removed", "changed", "unchanged", "questions", "ids"}')
    .action(async (a: string, b: string, _options: unknown, command: Command) => {
      // `export` has its own --json, which commander hands to it wherever it stands.
      const options = command.optsWithGlobals<{ json?: boolean }>();
      let diff: ExportDiff;
      try {
        const before = await readManifest(resolve(io.cwd, a));
        const after = await readManifest(resolve(io.cwd, b));
        diff = diffExports(before.manifest.entries, after.manifest.entries);
      } catch (error) {
        if (error instanceof ExportError) throw new DistillError(error.message);
        throw error;
      }
      io.stdout.write(options.json ? JSON.stringify(diff) + '\n' : formatDiff(diff));
    });
}

function formatDiff(diff: ExportDiff): string {
  const q = diff.questions;
  const lines = [
    `records: ${diff.added} added, ${diff.removed} removed, ${diff.changed} changed, ${diff.unchanged} unchanged`,
    `questions: ${q.added} added, ${q.removed} removed, ${q.changed} changed, ${q.unchanged} unchanged`,
  ];
  for (const [mark, ids] of [
    ['+', diff.ids.added],
    ['-', diff.ids.removed],
    ['~', diff.ids.changed],
  ] as const) {
    for (const id of ids.slice(0, IDS_SHOWN)) lines.push(`${mark} ${id}`);
    if (ids.length > IDS_SHOWN) lines.push(`${mark} … and ${ids.length - IDS_SHOWN} more (--json lists them all)`);
  }
  return lines.join('\n') + '\n';
}
