import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { exportAccepted, type ExportResult } from '../../export/export-accepted.js';
import { ExportError } from '../../export/export-error.js';
import {
  EXPORT_FORMATS,
  REASONING_MODES,
  type ExportFormat,
  type ExportOptions,
  type FlagLookup,
  type ReasoningMode,
} from '../../export/export-options.js';
import { exportOptionsProblem } from '../../export/check-export-options.js';
import { exportChecks } from '../../checks/project/flag-lookup.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { DistillError, UsageError } from '../../core/distill-error.js';
import { type CliIO, printJson } from '../cli-io.js';
import { openProject, positiveInteger, type ProjectOptions, withProjectOptions } from '../project-options.js';

export interface ExportCommandOptions extends ProjectOptions {
  format: ExportFormat;
  out: string;
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
  if (options.json) printJson(io, summaryDocument(result));
  else io.stdout.write(formatSummary(result, io.cwd));
  if (result.invalid > 0 && !options.json) {
    const first = result.manifest.invalid.examples[0]!;
    io.stderr.write(
      `distill: warning: ${result.invalid} accepted candidate(s) failed the ${options.format} schema and were left out ` +
        `(first: ${first.candidateId}: ${first.reason}); see the manifest\n`,
    );
  }
  return result;
}

async function toExportOptions(options: ExportCommandOptions, io: CliIO, checks: ExportChecks): Promise<ExportOptions> {
  if (options.system !== undefined && options.systemFile !== undefined) {
    throw new UsageError('give --system TEXT or --system-file FILE, not both');
  }
  const system = options.systemFile !== undefined ? await readSystemFile(resolve(io.cwd, options.systemFile)) : options.system;
  const tagField = options.tagField === true ? 'tag' : options.tagField;
  return {
    format: options.format,
    out: resolve(io.cwd, options.out),
    ...(options.reasoning === undefined ? {} : { reasoning: options.reasoning }),
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
  return { manifestPath: result.manifestPath, datasetInfoPath: result.datasetInfoPath, ...result.manifest };
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
  lines.push(`dataset_info.json: ${shown(result.datasetInfoPath)}`, `manifest: ${shown(result.manifestPath)}`);
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
  withProjectOptions(program.command('export'))
    .description('write the accepted candidates as JSONL, with dataset_info.json (LLaMA-Factory) and a manifest beside it')
    .addOption(new Option('--format <format>', 'record layout').choices(EXPORT_FORMATS).makeOptionMandatory())
    .requiredOption('--out <file>', 'the JSONL file to write (its folder is created)')
    .addOption(
      new Option('--reasoning <mode>', 'think: <think> block before the answer; field: a separate field; none: answer only')
        .choices(REASONING_MODES)
        .default('think'),
    )
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
    .option('--no-flags', 'leave counts per flag out of the manifest (skips reading check results)')
    .action(async (options: ExportCommandOptions) => {
      const store = await openProject(options, io);
      try {
        await runExport(store, options, io, exportChecks(store, options.flags !== false));
      } finally {
        await store.close();
      }
    });
}
