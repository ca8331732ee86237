import { Command, CommanderError } from 'commander';
import { DistillError, UsageError } from '../core/distill-error.js';
import { sanitizeLine } from '../core/sanitize-text.js';
import { type CliIO, processIO } from './cli-io.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { registerCommands } from './register-commands.js';

export const VERSION = '0.1.0';

async function buildProgram(io: CliIO, argv: readonly string[]): Promise<Command> {
  const program = new Command('distill')
    .description('Turn a topic and an OpenAI-compatible teacher model into a curated SFT dataset, reviewed in a terminal UI.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  await registerCommands(program, io, argv);
  // `distill` alone: inside a project it opens the review, elsewhere it says how to start.
  // Set after the subcommands exist, so they keep rejecting stray arguments.
  program.allowExcessArguments(true);
  program.action(async (_options: unknown, command: Command) => {
    if (command.args.length > 0) throw new UsageError(`unknown command '${command.args[0]}'`);
    if (existsSync(join(io.cwd, 'distill.json'))) return (await import('./commands/review.js')).reviewProject(io.cwd, io);
    throw new UsageError("not inside a distill project: run 'distill demo' to try it, or 'distill init DIR --topic TEXT'");
  });
  return program;
}

/** An error's message as one line a terminal shows as it is: it may quote a model's or a server's text. */
function oneLine(message: string): string {
  return sanitizeLine(message.trim());
}

/** Maps an error to the exit codes of the README: 2 usage, 1 failure with one line on stderr. */
function reportError(error: unknown, io: CliIO, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (help and --version exit 0).
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`distill: ${oneLine(error.message)} (run with --help for usage)\n`);
    return error.exitCode;
  }
  if (error instanceof DistillError) {
    const hint = error.hint ? ` (${oneLine(error.hint)})` : '';
    io.stderr.write(`distill: ${oneLine(error.message)}${hint}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`distill: internal error: ${oneLine(message)} (run with --debug for details)\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return 1;
}

/** Runs the CLI and returns the exit code; never calls process.exit (tests call this). */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  try {
    const program = await buildProgram(io, argv);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io, argv.includes('--debug'));
  }
}
