import { type Command } from 'commander';
import { splitTagPath } from '../../core/tag-path.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { runAnswersStage, runAuto, runQuestionsStage } from '../../pipeline/run-generation.js';
import { generateSubtags } from '../../pipeline/tag-stage.js';
import { UsageError } from '../../core/distill-error.js';
import type { CliIO } from '../cli-io.js';
import { type GenerationCommandOptions, runGenerationCommand } from '../generation-command.js';
import { positiveInteger, withProjectOptions } from '../project-options.js';

/** Resolves --parent/--tag PATH; undefined means the whole project (the topic). */
function resolveTag(store: ProjectStoreApi, path: string | undefined, flag: string): string | null {
  if (path === undefined) return null;
  const names = splitTagPath(path);
  if (names.length === 0) throw new UsageError(`${flag} needs a tag path like "Endurance > Marathon"`);
  const tag = store.findTag(names);
  if (!tag) throw new UsageError(`${flag} "${path}": no such tag (see the tree with distill review, or distill stats)`);
  return tag.id;
}

interface AutoOptions extends GenerationCommandOptions {
  levels?: number;
  tagsPerLevel?: number;
  questionsPerTag?: number;
  candidates?: number;
}

export function registerGenerate(program: Command, io: CliIO): void {
  const concurrency = [
    '--concurrency <n>',
    'requests in flight at once (default: the project setting)',
    positiveInteger('--concurrency', 1024),
  ] as const;

  withProjectOptions(program.command('auto'))
    .description('build the tag tree, the questions of every leaf and K candidate answers per question (resumable)')
    .option('--levels <n>', 'depth of the tag tree (default 2)', positiveInteger('--levels', 6))
    .option('--tags-per-level <n>', 'sub-tags per tag (default 10)', positiveInteger('--tags-per-level', 200))
    .option('--questions-per-tag <n>', 'questions per leaf tag (default 10)', positiveInteger('--questions-per-tag', 10_000))
    .option('--candidates <k>', 'answers per question (default 4)', positiveInteger('--candidates', 64))
    .option(...concurrency)
    .action(async (options: AutoOptions) => {
      await runGenerationCommand('auto', options, io, async (ctx, store) => {
        const defaults = store.config.generation;
        await runAuto(ctx, {
          levels: options.levels ?? defaults.levels,
          tagsPerLevel: options.tagsPerLevel ?? defaults.tagsPerLevel,
          questionsPerTag: options.questionsPerTag ?? defaults.questionsPerTag,
          candidates: options.candidates ?? defaults.candidates,
        });
      });
    });

  const tags = program.command('tags').description('the tag tree, one stage at a time');
  withProjectOptions(tags.command('generate'))
    .description('add N new sub-tags under a tag (default: under the topic)')
    .option('--parent <path>', 'tag path, parts joined with " > "')
    .option('--count <n>', 'how many new sub-tags (default: tags per level of the project)', positiveInteger('--count', 200))
    .option(...concurrency)
    .action(async (options: GenerationCommandOptions & { parent?: string; count?: number }) => {
      await runGenerationCommand('tags generate', options, io, async (ctx, store) => {
        await generateSubtags(ctx, resolveTag(store, options.parent, '--parent'), options.count ?? store.config.generation.tagsPerLevel);
      });
    });

  const questions = program.command('questions').description('questions of leaf tags, one stage at a time');
  withProjectOptions(questions.command('generate'))
    .description('add N new questions to every leaf tag under a tag (default: all leaves)')
    .option('--tag <path>', 'tag path, parts joined with " > "')
    .option('--count <n>', 'new questions per leaf (default: questions per tag of the project)', positiveInteger('--count', 10_000))
    .option(...concurrency)
    .action(async (options: GenerationCommandOptions & { tag?: string; count?: number }) => {
      await runGenerationCommand('questions generate', options, io, async (ctx, store) => {
        await runQuestionsStage(ctx, resolveTag(store, options.tag, '--tag'), options.count ?? store.config.generation.questionsPerTag);
      });
    });

  const answers = program.command('answers').description('candidate answers, one stage at a time');
  withProjectOptions(answers.command('generate'))
    .description('make every question under a tag have K candidate answers (only the missing ones are asked for)')
    .option('--tag <path>', 'tag path, parts joined with " > "')
    .option('--candidates <k>', 'answers per question (default: the project setting)', positiveInteger('--candidates', 64))
    .option(...concurrency)
    .action(async (options: GenerationCommandOptions & { tag?: string; candidates?: number }) => {
      await runGenerationCommand('answers generate', options, io, async (ctx, store) => {
        await runAnswersStage(ctx, resolveTag(store, options.tag, '--tag'), options.candidates ?? store.config.generation.candidates);
      });
    });
}
