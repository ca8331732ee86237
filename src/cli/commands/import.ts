import { resolve } from 'node:path';
import { type Command } from 'commander';
import { importQuestions, readQuestionRecords } from '../../app/import-questions.js';
import { addTagPaths, planTagImport, readTagPaths } from '../../app/import-tags.js';
import { UsageError } from '../../core/distill-error.js';
import { splitTagPath } from '../../core/tag-path.js';
import { plural } from '../../pipeline/format-event.js';
import { type CliIO, printJson } from '../cli-io.js';
import { openProject, type ProjectOptions, withProjectOptions } from '../project-options.js';

const FORMATS = 'JSON Lines (.jsonl), a JSON list (.json) or CSV with a header row (.csv)';

export function registerImport(program: Command, io: CliIO): void {
  const command = program.command('import').description('bring your own questions or a seed tag tree into the project');

  withProjectOptions(command.command('questions'))
    .description(`add questions from FILE (${FORMATS}); each names its tag path, missing tags are made, duplicates skipped`)
    .argument('<file>', 'records like {"question": "…", "tag": "A > B", "reference": "42", "difficulty": "easy"}')
    .option('--tag <path>', 'the tag path of records that name none')
    .action(async (file: string, options: ProjectOptions & { tag?: string }) => {
      const defaultTag = options.tag === undefined ? undefined : splitTagPath(options.tag);
      if (defaultTag?.length === 0) throw new UsageError('--tag needs a tag path like "Endurance > Marathon"');
      // The whole file is read and checked before the project is opened: an error writes nothing.
      const records = await readQuestionRecords(resolve(io.cwd, file), defaultTag);
      const store = await openProject(options, io);
      try {
        const outcome = await importQuestions(store, records);
        if (options.json) printJson(io, outcome);
        else {
          const tags = outcome.newTags > 0 ? `, ${plural(outcome.newTags, 'new tag')}` : '';
          io.stdout.write(
            `imported ${plural(outcome.added, 'question')} into ${plural(outcome.tags, 'tag')}${tags}; ${plural(outcome.duplicates, 'duplicate')} skipped\n` +
              (outcome.added > 0 ? `Next: distill answers generate (or distill auto) asks the teachers to answer them\n` : ''),
          );
        }
      } finally {
        await store.close();
      }
    });

  withProjectOptions(command.command('tags'))
    .description(`add a seed tag tree from FILE (${FORMATS}, or one nested JSON object); paths the project has are skipped`)
    .argument('<file>', 'paths like "Endurance > Marathon" (or {"path": …}), or {"Endurance": {"Marathon": {}}}')
    .action(async (file: string, options: ProjectOptions) => {
      const records = await readTagPaths(resolve(io.cwd, file));
      const store = await openProject(options, io);
      try {
        const plan = planTagImport(store, records);
        await addTagPaths(store, plan.added);
        if (options.json) printJson(io, { added: plan.added.map((names) => names.join(' > ')), skipped: plan.skipped });
        else {
          io.stdout.write(
            `imported ${plural(plan.added.length, 'tag')}; ${plural(plan.skipped, 'path')} the project had already skipped\n` +
              (plan.added.length > 0 ? 'Next: distill tree shows it; distill auto fills its leaves with questions and answers\n' : ''),
          );
        }
      } finally {
        await store.close();
      }
    });
}
