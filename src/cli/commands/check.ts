import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { type Command } from 'commander';
import { LANGUAGES, type Language } from '../../core/types.js';
import { checkProject, projectRules, selectPassing, type CheckSummary } from '../../checks/project/check-project.js';
import { DEFAULT_RULES, loadRulesFile, RulesError, type Rules } from '../../checks/rules/rules-config.js';
import { DistillError, UsageError } from '../../core/distill-error.js';
import { type CliIO, printJson } from '../cli-io.js';
import { openProject, oneOf, type ProjectOptions, withProjectOptions } from '../project-options.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import type { PassingSelector } from './decide.js';

export interface CheckCommandOptions extends ProjectOptions {
  input?: string;
  language?: Language;
  rules?: string;
}

export function registerCheck(program: Command, io: CliIO): void {
  withProjectOptions(program.command('check'))
    .description('re-evaluate every candidate against the rules and print a summary; or, with --input, check a JSONL file statelessly')
    .option('--input <file>', 'stateless: read candidate records (JSONL; - for stdin) and write one result per line to stdout')
    .option(
      '--language <lang>',
      `with --input: the language texts should be in (${LANGUAGES.join('|')}, default en; a record's "language" wins)`,
      oneOf(LANGUAGES),
    )
    .option('--rules <file>', 'JSON file of rule thresholds overriding the defaults / the project (schemas/rules.schema.json)')
    .action(async (options: CheckCommandOptions) => {
      if (options.input !== undefined) await runStatelessCheck(options, io);
      else await runProjectCheck(options, io);
    });
}

/** `check --input FILE` or `--input -` (stdin): needs no project; rules are the defaults plus --rules. */
export async function runStatelessCheck(options: CheckCommandOptions, io: CliIO): Promise<void> {
  const rules = await rulesFrom(options.rules, DEFAULT_RULES);
  // The extraction code loads only here: a project check whose features are cached never needs it.
  const { CheckInputError, checkRecords } = await import('../../checks/check-records.js');
  const path = options.input!;
  const { stream, name } = path === '-' ? standardInput(io) : await openInput(path);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of checkRecords(lines, { language: options.language ?? 'en', rules })) {
      if (!io.stdout.write(line + '\n')) await once(io.stdout, 'drain');
    }
  } catch (error) {
    if (error instanceof CheckInputError) throw new DistillError(`${name} ${error.message}`);
    throw error;
  } finally {
    lines.close();
    if (path !== '-') (stream as ReturnType<typeof createReadStream>).destroy();
  }
}

async function openInput(path: string): Promise<{ stream: NodeJS.ReadableStream; name: string }> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  await once(stream, 'open').catch((error: NodeJS.ErrnoException) => {
    throw new DistillError(`cannot read ${path}: ${error.code ?? error.message}`);
  });
  return { stream, name: path };
}

function standardInput(io: CliIO): { stream: NodeJS.ReadableStream; name: string } {
  const stdin = io.stdin ?? process.stdin;
  if (stdin.isTTY) {
    throw new UsageError(
      'check --input - reads JSONL records from stdin, which is a terminal here; pipe them in: distill check --input - < records.jsonl',
    );
  }
  return { stream: stdin, name: 'stdin' };
}

export async function runProjectCheck(options: CheckCommandOptions, io: CliIO): Promise<void> {
  if (options.language) throw new DistillError('--language applies to --input; a project checks in its own language (distill.json)');
  const store = await openProject(options, io);
  try {
    const rules = await rulesFrom(options.rules, projectRulesOrFail(store));
    const showProgress = !options.json && io.stderr.isTTY === true;
    const summary = await checkProject(store, {
      rules,
      ...(showProgress ? { onProgress: ({ done, total }) => io.stderr.write(`\rchecking tags ${done}/${total}`) } : {}),
    });
    if (showProgress) io.stderr.write('\r\x1b[K');
    if (options.json) printJson(io, summary);
    else io.stdout.write(formatCheckSummary(summary));
  } finally {
    await store.close();
  }
}

/** For `accept --passing` (registerDecide's selector). */
export const selectPassingCandidates: PassingSelector = async (options, io) => {
  const store = await openProject(options, io);
  try {
    const rules = projectRulesOrFail(store);
    return await selectPassing(store, { rules, ...(options.keep !== undefined ? { keepPerQuestion: options.keep } : {}) });
  } finally {
    await store.close();
  }
};

function projectRulesOrFail(store: Parameters<typeof projectRules>[0]): Rules {
  try {
    return projectRules(store);
  } catch (error) {
    if (error instanceof RulesError) throw new DistillError(error.message);
    throw error;
  }
}

async function rulesFrom(file: string | undefined, base: Rules): Promise<Rules> {
  if (file === undefined) return base;
  try {
    return await loadRulesFile(file, base);
  } catch (error) {
    if (error instanceof RulesError) throw new DistillError(error.message);
    throw error;
  }
}

export function formatCheckSummary(summary: CheckSummary): string {
  const lines = [
    `checked ${summary.candidates} candidates in ${summary.tags.length} tags (${summary.extracted} newly analysed): ` +
      `${summary.passing} pass, ${summary.failing} fail`,
  ];
  const flagged = Object.entries(summary.flags).filter(([, count]) => count > 0);
  lines.push(flagged.length > 0 ? `flags: ${flagged.map(([rule, count]) => `${rule} ${count}`).join(', ')}` : 'flags: none');
  for (const tag of summary.tags) {
    const flags = Object.entries(tag.flags)
      .map(([rule, count]) => `${rule} ${count}`)
      .join(', ');
    lines.push(`  ${sanitizeLine(tag.path)}: ${tag.passing}/${tag.candidates} pass${flags ? ` (${flags})` : ''}`);
  }
  for (const warning of summary.warnings) lines.push(`warning: ${sanitizeLine(warning)}`);
  return lines.join('\n') + '\n';
}
