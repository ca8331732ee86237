import { type Command, InvalidArgumentError } from 'commander';
import { checkProject } from '../../checks/project/check-project.js';
import { UsageError } from '../../core/distill-error.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import { defaultBenchmarkName, readBenchmarkFile } from '../../selection/benchmark-file.js';
import { DEFAULT_CONTAMINATION_SETTINGS } from '../../selection/contamination-index.js';
import { describeMatch } from '../../selection/contamination-context.js';
import { decontaminateProject, type BenchmarkSource, type DecontaminationSummary } from '../../selection/decontaminate-project.js';
import { type CliIO, printJson } from '../cli-io.js';
import { integerFrom, openProject, type ProjectOptions, withProjectOptions } from '../project-options.js';

interface DecontaminateOptions extends ProjectOptions {
  benchmark?: string[];
  name?: string[];
  ngram: number;
  ratio: number;
  against?: string[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function ratio(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0.5 || parsed > 1) {
    throw new InvalidArgumentError('--ratio must be a number from 0.5 to 1 (1: identical texts only).');
  }
  return parsed;
}

export function registerDecontaminate(program: Command, io: CliIO): void {
  withProjectOptions(program.command('decontaminate'))
    .description('flag questions that repeat a benchmark question (word n-gram overlap or fuzzy ratio): rule contaminated')
    .option('--benchmark <files...>', 'benchmark questions: JSONL, JSON or Parquet (a question/problem/prompt field per record)')
    .option('--name <name>', 'the name of each --benchmark file, in order (repeat it; default: the file name)', collect)
    .option(
      '--ngram <n>',
      'words in a shared run that counts as overlap',
      integerFrom('--ngram', 3, 50),
      DEFAULT_CONTAMINATION_SETTINGS.ngram,
    )
    .option('--ratio <r>', 'fuzzy ratio of whole texts that counts as a repeat', ratio, DEFAULT_CONTAMINATION_SETTINGS.ratio)
    .option('--against <file>', 'an earlier export (JSONL) whose questions a new release must not repeat (repeat it)', collect)
    .action(async (options: DecontaminateOptions) => {
      const files = options.benchmark ?? [];
      const against = options.against ?? [];
      if (files.length === 0 && against.length === 0) throw new UsageError('give --benchmark FILE… (or --against EXPORT.jsonl)');
      const names = options.name ?? [];
      if (names.length > files.length)
        throw new UsageError(`${names.length} --name for ${files.length} --benchmark files: give at most one name per file`);
      const sources: BenchmarkSource[] = [];
      const named = [
        ...files.map((file, i) => ({ file, name: names[i] ?? defaultBenchmarkName(file) })),
        ...against.map((file) => ({ file, name: `export ${defaultBenchmarkName(file)}` })),
      ];
      const seen = new Set<string>();
      for (const { file, name } of named) {
        if (seen.has(name)) throw new UsageError(`two benchmarks are named "${name}": give each a --name of its own`);
        seen.add(name);
        sources.push({ ...(await readBenchmarkFile(file, name)), file });
      }
      const store = await openProject(options, io);
      try {
        const showProgress = !options.json && io.stderr.isTTY === true;
        const summary = await decontaminateProject(store, sources, {
          settings: { ngram: options.ngram, ratio: options.ratio },
          ...(showProgress ? { onProgress: (done, total) => io.stderr.write(`\rdecontaminating tags ${done}/${total}`) } : {}),
        });
        // The flags are current at once: stats, list and the review screen show them without another check.
        await checkProject(store);
        if (showProgress) io.stderr.write('\r\x1b[K');
        if (options.json) printJson(io, summary);
        else io.stdout.write(formatSummary(summary));
      } finally {
        await store.close();
      }
    });
}

function formatSummary(summary: DecontaminationSummary): string {
  const lines = [`${summary.contaminated} of ${summary.questions} questions repeat a benchmark question (rule contaminated)`];
  for (const benchmark of summary.benchmarks) {
    lines.push(`  ${sanitizeLine(benchmark.name)} (${benchmark.items} items, ${sanitizeLine(benchmark.file)}): ${benchmark.contaminated}`);
  }
  for (const example of summary.examples) {
    lines.push(`  ${example.questionId} ${sanitizeLine(describeMatch(example.match))}`);
  }
  if (summary.contaminated > summary.examples.length) lines.push(`  … and ${summary.contaminated - summary.examples.length} more`);
  return lines.join('\n') + '\n';
}
