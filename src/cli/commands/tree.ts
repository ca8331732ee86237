import { type Command } from 'commander';
import { projectTree, type ProjectTree } from '../../app/project-tree.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import { type CliIO, printJson } from '../cli-io.js';
import { openProject, type ProjectOptions, withProjectOptions } from '../project-options.js';

const COLUMNS = ['questions', 'candidates', 'pending', 'accepted', 'rejected', 'flagged'] as const;

export function registerTree(program: Command, io: CliIO): void {
  withProjectOptions(program.command('tree'))
    .description('the tag tree with counts per tag (questions, candidates, pending/accepted/rejected, flagged), each counting its subtree')
    .action(async (options: ProjectOptions) => {
      const store = await openProject(options, io);
      try {
        const tree = await projectTree(store);
        if (options.json) printJson(io, tree);
        else io.stdout.write(formatTree(tree));
      } finally {
        await store.close();
      }
    });
}

/** A table: names indented by depth, counts right-aligned; tag names are untrusted (model-written). */
export function formatTree(tree: ProjectTree): string {
  const names = [sanitizeLine(tree.topic), ...tree.tags.map((row) => '  '.repeat(row.depth) + sanitizeLine(row.name))];
  const counts = [tree.total, ...tree.tags].map((row) => COLUMNS.map((column) => String(row[column])));
  const nameWidth = Math.max(3, ...names.map((name) => name.length));
  const widths = COLUMNS.map((column, index) => Math.max(column.length, ...counts.map((row) => row[index]!.length)));
  const line = (name: string, cells: readonly string[]) =>
    `${name.padEnd(nameWidth)}  ${cells.map((cell, index) => cell.padStart(widths[index]!)).join('  ')}`.trimEnd();
  const lines = [line('tag', COLUMNS), ...names.map((name, index) => line(name, counts[index]!))];
  if (tree.tags.length === 0) lines.push('(no tags yet: distill auto builds the tree, distill import tags FILE brings one)');
  return lines.join('\n') + '\n';
}
