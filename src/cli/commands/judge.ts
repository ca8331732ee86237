import type { Command } from 'commander';
import { UsageError } from '../../core/distill-error.js';
import { splitTagPath } from '../../core/tag-path.js';
import { projectTeachers } from '../../core/teacher-pool-config.js';
import type { JudgeTally } from '../../pipeline/judge/judge-stage.js';
import { plural } from '../../pipeline/format-event.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { CliIO } from '../cli-io.js';
import { type GenerationCommandOptions, runGenerationCommand, withRunOptions } from '../generation-command.js';
import { withProjectOptions } from '../project-options.js';

interface JudgeOptions extends GenerationCommandOptions {
  tag?: string;
  teacher?: string;
  all?: boolean;
}

export function registerJudge(program: Command, io: CliIO): void {
  withRunOptions(withProjectOptions(program.command('judge')))
    .description(
      'score candidates with an LLM judge (1–10, a verdict on the final answer, one sentence why): rules judge_score, judge_incorrect (resumable)',
    )
    .option('--tag <path>', 'only the candidates under this tag (parts joined with " > ")')
    .option('--teacher <name>', 'judge with this teacher of the project (default: the teachers with the judge role)')
    .option('--all', 'judge candidates that fail the other rules too (default: only those that pass them)')
    .action(async (options: JudgeOptions) => {
      let tally: JudgeTally | null = null;
      let tagIds: string[] = [];
      const before = (store: ProjectStoreApi): Promise<void> => {
        checkJudges(store, options.teacher);
        tagIds = tagsInScope(store, options.tag);
        return Promise.resolve();
      };
      await runGenerationCommand(
        'judge',
        options,
        io,
        async (ctx, store) => {
          const [{ runJudgeStage }, { cheapRuleFilter }] = await Promise.all([
            import('../../pipeline/judge/judge-stage.js'),
            import('../../pipeline/judge/cheap-rules.js'),
          ]);
          tally = await runJudgeStage(ctx, {
            tagIds,
            ...(options.teacher !== undefined ? { teacher: options.teacher } : {}),
            all: options.all === true,
            passesCheapRules: cheapRuleFilter(store),
          });
        },
        before,
        () => (tally ? { judge: tally } : {}),
      );
      if (tally && !options.json) io.stdout.write(describeTally(tally, options.all === true) + '\n');
    });
}

/** A judge must exist before anything is read or sent: --teacher names one, or some teacher has the judge role. */
function checkJudges(store: ProjectStoreApi, name: string | undefined): void {
  const teachers = projectTeachers(store.config);
  if (name !== undefined) {
    if (teachers.some((teacher) => teacher.name === name)) return;
    const known = teachers.map((teacher) => `"${teacher.name}"`).join(', ');
    throw new UsageError(`--teacher "${name}": the project has no such teacher (it has ${known}; distill teacher list)`);
  }
  if (teachers.some((teacher) => teacher.roles.includes('judge'))) return;
  throw new UsageError(
    'no teacher of the project has the judge role: name one with --teacher NAME, or add one with distill teacher add NAME --base-url URL --model M --roles judge',
  );
}

function tagsInScope(store: ProjectStoreApi, path: string | undefined): string[] {
  if (path === undefined) return store.tags().map((tag) => tag.id);
  const names = splitTagPath(path);
  const tag = names.length > 0 ? store.findTag(names) : undefined;
  if (!tag) throw new UsageError(`--tag "${path}": no such tag (distill tree shows the paths)`);
  return [tag.id, ...store.tree.descendants(tag.id).map((each) => each.id)];
}

function describeTally(tally: JudgeTally, all: boolean): string {
  const parts = [`${plural(tally.asked, 'candidate')} asked of the judge`];
  if (tally.alreadyJudged > 0) parts.push(`${tally.alreadyJudged} already judged`);
  if (tally.failingRules > 0)
    parts.push(`${tally.failingRules} left out: they fail the other rules${all ? '' : ' (--all judges them too)'}`);
  if (tally.stale > 0) parts.push(`${tally.stale} left out: their question was edited or deleted`);
  return `${parts.join('; ')}. The flags judge_score and judge_incorrect are checked: distill list --flag judge_score.`;
}
