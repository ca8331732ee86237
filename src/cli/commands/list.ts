import { once } from 'node:events';
import { type Command } from 'commander';
import { CANDIDATE_STATUSES, listCandidates, type CandidateRow, type ListFilters } from '../../app/candidate-listing.js';
import { collapseToOneLine, sanitizeLine, stringifyJson } from '../../core/sanitize-text.js';
import { checkSelectionName, readSelection } from '../../selection/selection-file.js';
import { type CliIO } from '../cli-io.js';
import { oneOf, openProject, type ProjectOptions, withProjectOptions } from '../project-options.js';

/** How much of a question a text row shows; --json has it whole. */
const QUESTION_CHARS = 100;

export function registerList(program: Command, io: CliIO): void {
  withProjectOptions(program.command('list'))
    .description('one line per candidate: id, status, verdict, flags, tag path and question (--json: one JSON object per line)')
    .option('--tag <path>', 'candidates of this tag and its subtree (parts joined with " > ", see distill tree)')
    .option('--status <status>', `only ${CANDIDATE_STATUSES.join(', ')} candidates`, oneOf(CANDIDATE_STATUSES))
    .option('--flag <rule>', 'only candidates this rule flagged (e.g. truncated, refusal, too_short)')
    .option('--teacher <name>', 'only candidates this pool teacher wrote')
    .option('--reviewer <name>', 'only candidates this reviewer decided')
    .option('--selection <name>', 'only the candidates of this selection (distill select)', checkSelectionName)
    .action(async (options: ProjectOptions & ListFilters & { selection?: string }) => {
      const store = await openProject(options, io);
      if (options.selection !== undefined) {
        try {
          const selection = await readSelection(store.dir, options.selection);
          options.only = new Set(selection.items.map((item) => item.id));
        } catch (error) {
          await store.close();
          throw error;
        }
      }
      // `distill list | head` closes the pipe early: that ends the listing, it is no error.
      let closed = false;
      const onError = (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        closed = true;
        io.stdout.emit('drain');
      };
      io.stdout.on('error', onError);
      try {
        let count = 0;
        for await (const row of listCandidates(store, options)) {
          if (closed) break;
          count++;
          // --json is JSON Lines, each line through the CLI's safe stringifier (as printJson).
          const text = options.json ? stringifyJson(row) : formatRow(row);
          if (!io.stdout.write(text + '\n') && !closed) await once(io.stdout, 'drain');
        }
        if (count === 0 && !options.json) io.stderr.write('no candidates match\n');
      } finally {
        io.stdout.off('error', onError);
        await store.close();
      }
    });
}

/** One row: the id first (to copy into accept, reject, show), model text on one sanitized line. */
export function formatRow(row: CandidateRow): string {
  const flags = row.flags.length > 0 ? row.flags.join(',') : '-';
  const question = sanitizeLine(collapseToOneLine(row.question, QUESTION_CHARS));
  return `${row.id}  ${row.status.padEnd(8)}  ${(row.verdict ?? '?').padEnd(4)}  ${flags}  ${sanitizeLine(row.tag)}  ${question}`;
}
