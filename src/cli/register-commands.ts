import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';

type Registrar = (program: Command, io: CliIO) => void;

interface CommandModule {
  /** The top-level command names the module registers. */
  names: readonly string[];
  load: () => Promise<Registrar>;
}

/*
 * Every command of the README's Commands table, in the order `distill --help`
 * lists them. Each module is imported only when needed: `distill check` need not
 * load the review TUI, the OpenAI SDK or the Parquet writer (about half a
 * second of CPU at start). register-commands.test.ts keeps `names` true.
 */
export const COMMAND_MODULES: readonly CommandModule[] = [
  { names: ['init'], load: async () => (await import('./commands/init.js')).registerInit },
  { names: ['teacher'], load: async () => (await import('./commands/teacher.js')).registerTeacher },
  { names: ['auto', 'tags', 'questions', 'answers'], load: async () => (await import('./commands/generate.js')).registerGenerate },
  { names: ['import'], load: async () => (await import('./commands/import.js')).registerImport },
  { names: ['failures'], load: async () => (await import('./commands/failures.js')).registerFailures },
  { names: ['check'], load: async () => (await import('./commands/check.js')).registerCheck },
  { names: ['tree'], load: async () => (await import('./commands/tree.js')).registerTree },
  { names: ['list'], load: async () => (await import('./commands/list.js')).registerList },
  { names: ['show'], load: async () => (await import('./commands/show.js')).registerShow },
  { names: ['review'], load: async () => (await import('./commands/review.js')).registerReview },
  {
    names: ['accept', 'reject', 'undo'],
    load: async () => {
      const [{ registerDecide }, { selectPassingCandidates }] = await Promise.all([
        import('./commands/decide.js'),
        import('./commands/check.js'),
      ]);
      return (program, io) => registerDecide(program, io, selectPassingCandidates);
    },
  },
  { names: ['disagreements', 'double-review'], load: async () => (await import('./commands/review-queues.js')).registerReviewQueues },
  { names: ['decontaminate'], load: async () => (await import('./commands/decontaminate.js')).registerDecontaminate },
  { names: ['judge'], load: async () => (await import('./commands/judge.js')).registerJudge },
  { names: ['probe'], load: async () => (await import('./commands/probe.js')).registerProbe },
  { names: ['select'], load: async () => (await import('./commands/select.js')).registerSelect },
  { names: ['export'], load: async () => (await import('./commands/export.js')).registerExport },
  { names: ['stats'], load: async () => (await import('./commands/stats.js')).registerStats },
  {
    names: ['demo'],
    load: async () => {
      const [{ registerDemo }, { reviewProject }, { curateAndExport }] = await Promise.all([
        import('./commands/demo.js'),
        import('./commands/review.js'),
        import('./demo-curation.js'),
      ]);
      return (program, io) => registerDemo(program, io, { review: reviewProject, curateAndExport });
    },
  },
  { names: ['batch'], load: async () => (await import('./commands/batch.js')).registerBatch },
];

/**
 * Registers the command `argv` names; none when it names none and asks for no help
 * (`distill --version`, `distill` alone: the review imports itself when it opens);
 * every command otherwise (`--help`, `help`, a typo: commander then lists them all
 * or suggests one).
 */
export async function registerCommands(program: Command, io: CliIO, argv: readonly string[] = []): Promise<void> {
  const first = argv.find((arg) => !arg.startsWith('-'));
  const named = COMMAND_MODULES.find((module) => first !== undefined && module.names.includes(first));
  if (!named && first === undefined && !argv.some((arg) => arg === '--help' || arg === '-h')) return;
  const registrars = await Promise.all((named ? [named] : COMMAND_MODULES).map((module) => module.load()));
  for (const register of registrars) register(program, io);
}
