import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { exportAccepted, type ExportResult } from '../../export/export-accepted.js';
import { exportLogprobs } from '../../export/logprobs-export.js';
import { ExportError } from '../../export/export-error.js';
import {
  EXPORT_FORMATS,
  EXPORT_TARGETS,
  REASONING_MODES,
  type ExportFormat,
  type ExportOptions,
  type ExportTarget,
  type FlagLookup,
  type ReasoningMode,
} from '../../export/export-options.js';
import { exportOptionsProblem } from '../../export/check-export-options.js';
import { chooseFormat } from '../../export/export-targets.js';
import { registerExportDiff } from './export-diff.js';
import { exportChecks } from '../../checks/project/flag-lookup.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { DistillError, UsageError } from '../../core/distill-error.js';
import { checkSelectionName, readSelection, selectedIdsByTag } from '../../selection/selection-file.js';
import { type CliIO, printJson } from '../cli-io.js';
import { openProject, positiveInteger, type ProjectOptions, withProjectOptions } from '../project-options.js';

export interface ExportCommandOptions extends ProjectOptions {
  /** Absent: the target's default (`--for`); one of the two is needed. */
  format?: ExportFormat;
  for?: ExportTarget;
  out?: string;
  ids?: boolean;
  reasoning?: ReasoningMode;
  system?: string;
  systemFile?: string;
  /** true when `--tag-field` was given without a name. */
  tagField?: string | true;
  maxPerTag?: number;
  split?: number;
  seed?: number;
  workers?: number;
  /** false with --no-flags: the manifest leaves out counts per flag (and no check data is read). */
  flags?: boolean;
  /** The teacher's token logprobs of the exported records, as Parquet (issue 10). */
  logprobs?: string;
  /** `--selection NAME`: write that selection's candidates instead of the accepted ones. */
  selection?: string;
}

/** What the checks engine adds to an export: flags per candidate and the thresholds in effect. */
export interface ExportChecks {
  flags?: FlagLookup;
  rules?: Record<string, unknown>;
}

const PROGRESS_INTERVAL_MS = 250;

/** Runs an export for the CLI: resolves paths against the cwd, prints the summary, maps errors to exit codes. */
export async function runExport(
  store: ProjectStoreApi,
  options: ExportCommandOptions,
  io: CliIO,
  checks: ExportChecks = {},
): Promise<ExportResult> {
  const exportOptions = await toExportOptions(options, io, checks);
  if (options.selection !== undefined) {
    const selection = await readSelection(store.dir, options.selection);
    exportOptions.selection = { name: selection.name, ids: selectedIdsByTag(selection) };
  }
  const problem = exportOptionsProblem(exportOptions);
  if (problem !== null) throw new UsageError(problem);
  let result: ExportResult;
  try {
    result = await exportAccepted(store, exportOptions, progressPrinter(options, io));
  } catch (error) {
    if (error instanceof ExportError) throw new DistillError(error.message);
    throw error;
  } finally {
    if (io.stderr.isTTY && !options.json) io.stderr.write('\r\x1b[K');
  }
  const logprobs = options.logprobs === undefined ? null : await writeLogprobs(store, result, resolve(io.cwd, options.logprobs));
  if (options.json) printJson(io, { ...summaryDocument(result), ...(logprobs ? { logprobs } : {}) });
  else {
    io.stdout.write(formatSummary(result, io.cwd));
    if (logprobs) {
      io.stdout.write(
        `logprobs: ${logprobs.rows} rows (${logprobs.withLogprobs} with logprobs) → ${relative(io.cwd, logprobs.file) || logprobs.file}\n`,
      );
    }
  }
  const selected = exportOptions.selection ? [...exportOptions.selection.ids.values()].reduce((sum, ids) => sum + ids.length, 0) : 0;
  if (selected > result.accepted)
    result.warnings.push(
      `${selected - result.accepted} of selection ${options.selection}'s ${selected} candidates were left out: a reviewer rejected them or their question was deleted since`,
    );
  if (!options.json)
    for (const warning of result.warnings)
      io.stderr.write(`distill: warning: ${warning}
`);
  if (result.invalid > 0 && !options.json) {
    const first = result.manifest.invalid.examples[0]!;
    io.stderr.write(
      `distill: warning: ${result.invalid} accepted candidate(s) failed the ${result.manifest.options.format} checks and were left out ` +
        `(first: ${first.candidateId}: ${first.reason}); see the manifest\n`,
    );
  }
  return result;
}

async function writeLogprobs(store: ProjectStoreApi, result: ExportResult, file: string) {
  try {
    return await exportLogprobs(store, result.manifestPath, file);
  } catch (error) {
    if (error instanceof ExportError) throw new DistillError(error.message);
    throw error;
  }
}

async function toExportOptions(options: ExportCommandOptions, io: CliIO, checks: ExportChecks): Promise<ExportOptions> {
  if (options.logprobs !== undefined && !options.logprobs.endsWith('.parquet')) {
    throw new UsageError(`--logprobs ${options.logprobs}: give a file name ending in .parquet`);
  }
  if (options.system !== undefined && options.systemFile !== undefined) {
    throw new UsageError('give --system TEXT or --system-file FILE, not both');
  }
  if (options.out === undefined) {
    throw new UsageError(options.for === 'hf' ? 'pass --out DIR, the dataset folder to write' : 'pass --out FILE, the JSONL file to write');
  }
  const choice = chooseFormat(options.for, options.format, options.reasoning);
  if ('problem' in choice) throw new UsageError(choice.problem);
  const system = options.systemFile !== undefined ? await readSystemFile(resolve(io.cwd, options.systemFile)) : options.system;
  const tagField = options.tagField === true ? 'tag' : options.tagField;
  return {
    format: choice.format,
    ...(options.for === undefined ? {} : { target: options.for }),
    out: resolve(io.cwd, options.out),
    reasoning: choice.reasoning,
    ...(options.ids ? { ids: true } : {}),
    ...(system === undefined ? {} : { system }),
    ...(tagField === undefined ? {} : { tagField }),
    ...(options.maxPerTag === undefined ? {} : { maxPerTag: options.maxPerTag }),
    ...(options.split === undefined ? {} : { split: options.split }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(checks.flags && options.flags !== false ? { flags: checks.flags } : {}),
    ...(checks.rules ? { rules: checks.rules } : {}),
  };
}

async function readSystemFile(path: string): Promise<string> {
  try {
    // A trailing newline is how editors end files, not part of the prompt.
    return (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    throw new UsageError(
      `--system-file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

function progressPrinter(
  options: ExportCommandOptions,
  io: CliIO,
): ((p: { tagsDone: number; tagsTotal: number; records: number; bytes: number }) => void) | undefined {
  if (!io.stderr.isTTY || options.json) return undefined;
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS && progress.tagsDone < progress.tagsTotal) return;
    last = now;
    io.stderr.write(
      `\r\x1b[Kexporting: tag ${progress.tagsDone}/${progress.tagsTotal}, ${progress.records} records, ${(progress.bytes / 1e6).toFixed(1)} MB`,
    );
  };
}

function summaryDocument(result: ExportResult): Record<string, unknown> {
  return {
    out: result.out,
    manifestPath: result.manifestPath,
    datasetInfoPath: result.datasetInfoPath,
    warnings: result.warnings,
    ...result.manifest,
  };
}

function formatSummary(result: ExportResult, cwd: string): string {
  const shown = (path: string) => {
    const rel = relative(cwd, path);
    return rel && !rel.startsWith('..') ? rel : path;
  };
  const lines = result.files.map(
    (file) => `exported ${file.records} records to ${shown(file.path)}${result.files.length > 1 ? ` (${file.role})` : ''}`,
  );
  const notes: string[] = [];
  if (result.droppedByCap > 0) notes.push(`${result.droppedByCap} of ${result.accepted} accepted left out by --max-per-tag`);
  if (result.invalid > 0) notes.push(`${result.invalid} failed the schema`);
  if (notes.length > 0) lines.push(notes.join('; '));
  if (result.datasetInfoPath !== null) lines.push(`dataset_info.json: ${shown(result.datasetInfoPath)}`);
  if (result.manifest.target === 'hf')
    lines.push(
      `dataset card: ${shown(join(result.out, 'README.md'))} (upload the folder: huggingface-cli upload NAME ${shown(result.out)} --repo-type dataset)`,
    );
  lines.push(`manifest: ${shown(result.manifestPath)}`);
  return lines.join('\n') + '\n';
}

function fraction(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed < 1)) throw new InvalidArgumentError('the training share must be between 0 and 1, e.g. 0.95.');
  return parsed;
}

function wholeNumber(name: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < 0) throw new InvalidArgumentError(`${name} must be a whole number of at least 0.`);
    return parsed;
  };
}

export function registerExport(program: Command, io: CliIO): void {
  const command = withProjectOptions(program.command('export'))
    .description(
      'write the accepted candidates for a trainer: JSONL (with a manifest, and dataset_info.json for LLaMA-Factory) or a Hugging Face dataset folder',
    )
    .addOption(
      new Option('--for <trainer>', 'pick the format and reasoning mode the trainer reads (hf: a Parquet dataset folder)').choices(
        EXPORT_TARGETS,
      ),
    )
    .addOption(new Option('--format <format>', "record layout (default with --for: the trainer's own)").choices(EXPORT_FORMATS))
    .option('--out <file>', 'the JSONL file to write (.jsonl is added when missing; its folder is created), or with --for hf the folder')
    .addOption(
      new Option(
        '--reasoning <mode>',
        'think: <think> block before the answer (default; none for openai); field: a separate field; none: answer only',
      ).choices(REASONING_MODES),
    )
    .option('--ids', 'put the candidate id in every record as "id"')
    .option('--system <text>', 'a system prompt for every record')
    .option('--system-file <file>', 'read the system prompt from a file')
    .option('--tag-field [name]', 'add the question\'s tag path ("A > B") as a field (default name: tag)')
    .option(
      '--max-per-tag <n>',
      'at most N records per tag, chosen deterministically (distinct questions first)',
      positiveInteger('--max-per-tag', 1_000_000_000),
    )
    .option('--split <share>', 'training share, e.g. 0.95: the rest of the questions go to FILE with .val before the extension', fraction)
    .option('--seed <n>', 'seed of the cap and split choices (default 0)', wholeNumber('--seed'))
    .option('--workers <n>', 'threads that format records (default: by size, one per core; 0: none)', wholeNumber('--workers'))
    .option('--logprobs <file.parquet>', "also write the teacher's token logprobs of every exported record, one row each, as Parquet")
    .option(
      '--selection <name>',
      'write the candidates of this selection (distill select) instead of the accepted ones',
      checkSelectionName,
    )
    .option('--no-flags', 'leave counts per flag out of the manifest (skips reading check results)')
    .action(async (options: ExportCommandOptions) => {
      // Usage errors before the project is opened: a wrong flag costs nothing.
      const problem = exportOptionsProblem(await toExportOptions(options, io, {}));
      if (problem !== null) throw new UsageError(problem);
      const store = await openProject(options, io);
      try {
        await runExport(store, options, io, exportChecks(store, options.flags !== false));
      } finally {
        await store.close();
      }
    });
  registerExportDiff(command, io);
}
