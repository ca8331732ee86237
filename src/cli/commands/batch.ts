import { relative, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { BatchExportResult, BatchStage } from '../../batch/batch-export.js';
import type { BatchImportResult } from '../../batch/batch-import.js';
import { splitTagPath } from '../../core/tag-path.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { UsageError } from '../../core/distill-error.js';
import { checkProject } from '../../checks/project/check-project.js';
import { type CliIO, printJson } from '../cli-io.js';
import { openProject, positiveInteger, type ProjectOptions, withProjectOptions } from '../project-options.js';

const STAGES: readonly BatchStage[] = ['answers', 'questions', 'tags', 'judge'];

export interface BatchExportCommandOptions extends ProjectOptions {
  stage: BatchStage;
  out?: string;
  tag?: string;
  candidates?: number;
  levels?: number;
  tagsPerLevel?: number;
  questionsPerTag?: number;
  again?: boolean;
  teacher?: string;
  all?: boolean;
}

function resolveTag(store: ProjectStoreApi, path: string | undefined): string | null {
  if (path === undefined) return null;
  const tag = store.findTag(splitTagPath(path));
  if (!tag) throw new UsageError(`--tag "${path}": no such tag (distill tree shows the paths)`);
  return tag.id;
}

export async function runBatchExport(store: ProjectStoreApi, options: BatchExportCommandOptions, io: CliIO): Promise<BatchExportResult> {
  if (options.stage !== 'judge' && (options.teacher !== undefined || options.all)) {
    throw new UsageError(`${options.teacher !== undefined ? '--teacher' : '--all'} is for --stage judge only`);
  }
  const outDir = options.out ? resolve(io.cwd, options.out) : resolve(store.dir, 'batch');
  // The Batch bridge builds requests with the model client's messages: it loads when a batch command runs.
  const { exportBatchRequests } = await import('../../batch/batch-export.js');
  const result = await exportBatchRequests(store, {
    stage: options.stage,
    outDir,
    tagId: resolveTag(store, options.tag),
    ...(options.candidates === undefined ? {} : { candidates: options.candidates }),
    ...(options.levels === undefined ? {} : { levels: options.levels }),
    ...(options.tagsPerLevel === undefined ? {} : { tagsPerLevel: options.tagsPerLevel }),
    ...(options.questionsPerTag === undefined ? {} : { questionsPerTag: options.questionsPerTag }),
    ...(options.again ? { again: true } : {}),
    ...(options.teacher !== undefined ? { teacher: options.teacher } : {}),
    // As a live judge run: only the candidates that pass the other rules, unless --all.
    ...(options.stage === 'judge' && !options.all
      ? { passesCheapRules: (await import('../../pipeline/judge/cheap-rules.js')).cheapRuleFilter(store) }
      : {}),
  });
  if (options.json) {
    printJson(io, result);
    return result;
  }
  const shown = (path: string) => relative(io.cwd, path) || path;
  const size = (bytes: number) => (bytes < 1e6 ? `${Math.ceil(bytes / 1e3)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);
  const out = result.alreadyOut;
  const outLine =
    out.requests > 0
      ? `${out.requests} more ${out.requests === 1 ? 'is' : 'are'} already out in ${out.files.map(shown).join(', ')}: ` +
        `import their results, or export with --again to ask for them again\n`
      : '';
  if (result.requests === 0) {
    io.stdout.write(
      out.requests > 0
        ? `no new ${options.stage} requests written; ${outLine}`
        : `nothing is missing in the ${options.stage} stage: no requests written\n`,
    );
    return result;
  }
  for (const file of result.files) io.stdout.write(`${shown(file.path)}: ${file.requests} requests (${size(file.bytes)})\n`);
  io.stdout.write(
    `${result.requests} ${options.stage} requests written. Run them with the OpenAI Batch API or vLLM's run-batch, then: ` +
      `distill batch import RESULTS.jsonl...\n`,
  );
  if (outLine) io.stdout.write(outLine);
  return result;
}

export type BatchImportReport = BatchImportResult & { checked: { candidates: number; passing: number; failing: number } | null };

export async function runBatchImport(
  store: ProjectStoreApi,
  files: string[],
  options: ProjectOptions,
  io: CliIO,
): Promise<BatchImportReport> {
  // Batch import writes what the generator writes; two writers would race for the same missing items.
  const lock = await store.acquireGenerationLock('distill batch import');
  let result: BatchImportResult;
  let checked: BatchImportReport['checked'] = null;
  let checkWarning = '';
  try {
    const { importBatchResults } = await import('../../batch/batch-import.js');
    result = await importBatchResults(
      store,
      files.map((file) => resolve(io.cwd, file)),
    );
    // The checks a live run does (near-duplicate questions across the project included), so that
    // `accept --passing` right after an import takes only what passes them.
    if (result.imported.questions + result.imported.answers + result.imported.judge > 0) {
      try {
        const summary = await checkProject(store);
        checked = { candidates: summary.candidates, passing: summary.passing, failing: summary.failing };
      } catch (error) {
        checkWarning = `checking the project failed: ${error instanceof Error ? error.message : String(error)}; run distill check\n`;
      }
    }
  } finally {
    await lock.release();
  }
  const report = { ...result, checked };
  if (options.json) printJson(io, report);
  else io.stdout.write(formatImport(report));
  if (checkWarning) io.stderr.write(checkWarning);
  return report;
}

function formatImport(result: BatchImportReport): string {
  const names = { tags: 'tags', questions: 'questions', answers: 'candidates', judge: 'judgements' } as const;
  const added = (['tags', 'questions', 'answers', 'judge'] as const)
    .filter((stage) => result.imported[stage] > 0)
    .map((stage) => `${result.imported[stage]} ${names[stage]}`);
  const lines = [`read ${result.lines} result lines: added ${added.length > 0 ? added.join(', ') : 'nothing'}`];
  if (result.alreadyPresent > 0) lines.push(`${result.alreadyPresent} were already in the project (nothing added for them)`);
  if (result.failed > 0) {
    const first = result.failures[0]!;
    lines.push(
      `${result.failed} failed (recorded in data/failures.json, retried by the next batch export or run; first: ${first.target}: ${first.reason})`,
    );
  }
  if (result.stale > 0)
    lines.push(`${result.stale} were for questions, tags or candidates deleted or changed since the export (nothing added for them)`);
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  if (result.unknown > 0)
    lines.push(`${result.unknown} lines were not for this project (a custom_id distill did not write, or a tag it never had)`);
  if (result.refused.count > 0) lines.push(`${result.refused.count} refused, not imported (first: ${result.refused.examples[0]})`);
  if (result.unreadable.count > 0)
    lines.push(`${result.unreadable.count} lines could not be read (first: ${result.unreadable.examples[0]})`);
  if (result.checked) {
    const { candidates, passing, failing } = result.checked;
    lines.push(`checked the project: ${candidates} candidates, ${passing} passing, ${failing} flagged`);
  }
  return lines.join('\n') + '\n';
}

export function registerBatch(program: Command, io: CliIO): void {
  const batch = program
    .command('batch')
    .description('generate at scale through the OpenAI Batch API (or vLLM run-batch): export requests, import results');

  withProjectOptions(batch.command('export'))
    .description('write the missing requests of a stage as Batch API JSONL (files of at most 50,000 requests / 200 MB)')
    .addOption(new Option('--stage <stage>', 'which stage').choices(STAGES).default('answers'))
    .option('--out <dir>', 'folder for the request files (default: PROJECT/batch)')
    .option('--tag <path>', 'only under this tag, parts joined with " > "')
    .option('--candidates <k>', 'answers: samples per question (default: the project setting)', positiveInteger('--candidates', 64))
    .option('--levels <n>', 'tags: depth of the tree (default: the project setting)', positiveInteger('--levels', 6))
    .option('--tags-per-level <n>', 'tags: sub-tags per tag (default: the project setting)', positiveInteger('--tags-per-level', 200))
    .option(
      '--questions-per-tag <n>',
      'questions: questions per leaf (default: the project setting)',
      positiveInteger('--questions-per-tag', 10_000),
    )
    .option('--again', 'also ask again for requests an earlier export has out whose results were never imported')
    .option('--teacher <name>', 'judge: the teacher that judges (default: the first with the judge role)')
    .option('--all', 'judge: also the candidates that fail the other rules (default: only those that pass them)')
    .action(async (options: BatchExportCommandOptions) => {
      const store = await openProject(options, io);
      try {
        await runBatchExport(store, options, io);
      } finally {
        await store.close();
      }
    });

  withProjectOptions(batch.command('import'))
    .description('add the results of a batch run (any order; items already present are skipped, failures recorded)')
    .argument('<files...>', 'Batch API output (and error) files')
    .action(async (files: string[], options: ProjectOptions) => {
      const store = await openProject(options, io);
      try {
        await runBatchImport(store, files, options, io);
      } finally {
        await store.close();
      }
    });
}
