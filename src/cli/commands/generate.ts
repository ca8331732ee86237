import { type Command } from 'commander';
import { splitTagPath } from '../../core/tag-path.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { UsageError } from '../../core/distill-error.js';
import { type CliIO, printJson } from '../cli-io.js';
import { type GenerationCommandOptions, runGenerationCommand, withRunOptions } from '../generation-command.js';
import { openProject, positiveInteger, withProjectOptions } from '../project-options.js';
import { autoTarget, describeTarget, saveTarget, type TargetFlags } from '../../app/auto-target.js';
import { plural } from '../../pipeline/format-event.js';
import { formatUsd } from '../../pipeline/spending.js';

/** The generation stages load with the model client, only when a command runs them (see generation-command). */
const pipeline = () => import('../../pipeline/run-generation.js');

/** Resolves --parent/--tag PATH; undefined means the whole project (the topic). */
function resolveTag(store: ProjectStoreApi, path: string | undefined, flag: string): string | null {
  if (path === undefined) return null;
  const names = splitTagPath(path);
  if (names.length === 0) throw new UsageError(`${flag} needs a tag path like "Endurance > Marathon"`);
  const tag = store.findTag(names);
  if (!tag) throw new UsageError(`${flag} "${path}": no such tag (distill tree shows the paths)`);
  return tag.id;
}

interface AutoOptions extends GenerationCommandOptions {
  levels?: number;
  tagsPerLevel?: number;
  questionsPerTag?: number;
  candidates?: number;
  dryRun?: boolean;
}

export function registerGenerate(program: Command, io: CliIO): void {
  withRunOptions(withProjectOptions(program.command('auto')))
    .description(
      "build the tag tree, the questions of every leaf and K candidate answers per question (resumable); sizes given are saved as the project's target",
    )
    .option('--levels <n>', "depth of the tag tree (default: the project's target, first 2)", positiveInteger('--levels', 6))
    .option('--tags-per-level <n>', "sub-tags per tag (default: the project's target, first 10)", positiveInteger('--tags-per-level', 200))
    .option(
      '--questions-per-tag <n>',
      "questions per leaf tag (default: the project's target, first 10)",
      positiveInteger('--questions-per-tag', 10_000),
    )
    .option('--candidates <k>', "answers per question (default: the project's target, first 4)", positiveInteger('--candidates', 64))
    .option('--dry-run', 'print what would be asked (requests per stage, estimated tokens and cost) and send nothing')
    .action(async (options: AutoOptions) => {
      const flags = {
        ...(options.levels !== undefined ? { levels: options.levels } : {}),
        ...(options.tagsPerLevel !== undefined ? { tagsPerLevel: options.tagsPerLevel } : {}),
        ...(options.questionsPerTag !== undefined ? { questionsPerTag: options.questionsPerTag } : {}),
        ...(options.candidates !== undefined ? { candidates: options.candidates } : {}),
      };
      if (options.dryRun) return printPlan(options, flags, io);
      const saveGivenTarget = async (store: ProjectStoreApi) => {
        const { target, changed } = autoTarget(store.config.generation, flags);
        if (!changed) return;
        await saveTarget(store, target);
        if (!options.json) io.stderr.write(`Target saved: ${describeTarget(target)} (a plain 'distill auto' completes it).\n`);
      };
      await runGenerationCommand(
        'auto',
        options,
        io,
        async (ctx, store) => (await pipeline()).runAuto(ctx, store.config.generation),
        saveGivenTarget,
      );
    });

  const tags = program.command('tags').description('the tag tree, one stage at a time');
  withRunOptions(withProjectOptions(tags.command('generate')))
    .description('add N new sub-tags under a tag (default: under the topic)')
    .option('--parent <path>', 'tag path, parts joined with " > "')
    .option('--count <n>', 'how many new sub-tags (default: tags per level of the project)', positiveInteger('--count', 200))
    .action(async (options: GenerationCommandOptions & { parent?: string; count?: number }) => {
      await runGenerationCommand('tags generate', options, io, async (ctx, store) => {
        await (
          await import('../../pipeline/tag-stage.js')
        ).generateSubtags(ctx, resolveTag(store, options.parent, '--parent'), options.count ?? store.config.generation.tagsPerLevel);
      });
    });

  const questions = program.command('questions').description('questions of leaf tags, one stage at a time');
  withRunOptions(withProjectOptions(questions.command('generate')))
    .description('add N new questions to every leaf tag under a tag (default: all leaves)')
    .option('--tag <path>', 'tag path, parts joined with " > "')
    .option('--count <n>', 'new questions per leaf (default: questions per tag of the project)', positiveInteger('--count', 10_000))
    .action(async (options: GenerationCommandOptions & { tag?: string; count?: number }) => {
      await runGenerationCommand('questions generate', options, io, async (ctx, store) => {
        await (
          await pipeline()
        ).runQuestionsStage(ctx, resolveTag(store, options.tag, '--tag'), options.count ?? store.config.generation.questionsPerTag);
      });
    });

  const answers = program.command('answers').description('candidate answers, one stage at a time');
  withRunOptions(withProjectOptions(answers.command('generate')))
    .description('make every question under a tag have K candidate answers (only the missing ones are asked for)')
    .option('--tag <path>', 'tag path, parts joined with " > "')
    .option('--candidates <k>', 'answers per question (default: the project setting)', positiveInteger('--candidates', 64))
    .action(async (options: GenerationCommandOptions & { tag?: string; candidates?: number }) => {
      await runGenerationCommand('answers generate', options, io, async (ctx, store) => {
        await (
          await pipeline()
        ).runAnswersStage(ctx, resolveTag(store, options.tag, '--tag'), options.candidates ?? store.config.generation.candidates);
      });
    });
}

async function printPlan(options: AutoOptions, flags: TargetFlags, io: CliIO): Promise<void> {
  const store = await openProject(options, io);
  try {
    const { planAuto } = await import('../../app/auto-plan.js');
    const plan = await planAuto(store, autoTarget(store.config.generation, flags).target);
    if (options.json) {
      printJson(io, {
        requests: plan.requests,
        tokens: plan.tokens,
        cost: plan.cost,
        target: plan.target,
        items: plan.items,
        promptTokens: plan.promptTokens,
        completionTokens: plan.completionTokens,
      });
      return;
    }
    const r = plan.requests;
    const cost =
      plan.cost === null
        ? 'cost unknown (a teacher has no price: distill teacher add NAME --replace … --price-in USD --price-out USD)'
        : `about ${formatUsd(plan.cost)} at the teachers' prices`;
    io.stdout.write(
      [
        `Plan: ${describeTarget(plan.target)}.`,
        `  tags       ${plural(r.tags, 'request')} (${plural(plan.items.tags, 'tag')})`,
        `  questions  ${plural(r.questions, 'request')} (${plural(plan.items.questions, 'question')})`,
        `  answers    ${plural(r.answers, 'request')}`,
        `  about ${plan.tokens.toLocaleString('en-US')} tokens (${plan.promptTokens.toLocaleString('en-US')} in, ${plan.completionTokens.toLocaleString('en-US')} out), ${cost}`,
        'Nothing was sent. Run it without --dry-run to start.',
      ].join('\n') + '\n',
    );
  } finally {
    await store.close();
  }
}
