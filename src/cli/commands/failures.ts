import { type Command } from 'commander';
import type { FailedItem } from '../../app/failed-items.js';
import { collapseToOneLine, sanitizeLine } from '../../core/sanitize-text.js';
import { plural } from '../../pipeline/format-event.js';
import { type CliIO, printJson } from '../cli-io.js';
import { type GenerationCommandOptions, runGenerationCommand, withRunOptions } from '../generation-command.js';
import { openProject, withProjectOptions } from '../project-options.js';

const LABEL_CHARS = 80;

/** The retry loads the generation stages and the model client: only when this command runs (see generation-command). */
const failedItemsModule = () => import('../../app/failed-items.js');

export function registerFailures(program: Command, io: CliIO): void {
  withRunOptions(withProjectOptions(program.command('failures')))
    .description('the generation items that failed after retries, with why; --retry asks the teachers again for them only')
    .option('--retry', "regenerate only the failed items, against the project's teachers")
    .action(async (options: GenerationCommandOptions & { retry?: boolean }) => {
      if (options.retry) return retry(options, io);
      const store = await openProject(options, io);
      try {
        const items = await (await failedItemsModule()).failedItems(store);
        if (options.json) printJson(io, { failures: items });
        else io.stdout.write(formatFailures(items));
      } finally {
        await store.close();
      }
    });
}

async function retry(options: GenerationCommandOptions, io: CliIO): Promise<void> {
  let gone: FailedItem[] = [];
  let asked = 0;
  await runGenerationCommand('failures --retry', options, io, async (ctx) => {
    asked = (await ctx.store.failures()).length;
    if (asked === 0 && !options.json) io.stderr.write('No failed items to retry.\n');
    gone = await (await failedItemsModule()).retryFailedItems(ctx);
  });
  if (options.json) return;
  for (const item of gone) {
    io.stderr.write(`forgot ${item.stage} ${sanitizeLine(item.target)}: ${item.label}, nothing is left to retry\n`);
  }
  if (asked > 0) io.stdout.write(`Retried ${plural(asked - gone.length, 'failed item')}: none failed again.\n`);
}

export function formatFailures(items: readonly FailedItem[]): string {
  if (items.length === 0) return 'No failed items: every generation item of the last runs succeeded.\n';
  const lines = [`${plural(items.length, 'failed item')} (distill failures --retry asks for them again):`];
  for (const item of items) {
    const label = sanitizeLine(collapseToOneLine(item.label, LABEL_CHARS));
    lines.push(
      `  ${item.stage.padEnd(9)} ${sanitizeLine(item.target)}  ${label}  after ${plural(item.attempts, 'attempt')}, ${item.at}: ${sanitizeLine(collapseToOneLine(item.reason))}`,
    );
  }
  return lines.join('\n') + '\n';
}
