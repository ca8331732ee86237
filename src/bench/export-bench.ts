// Export throughput at 1,000,000 accepted candidates. The project is built through the store, with
// texts of the size a reasoning teacher writes (a ~2 KB trace, a ~600-char answer), then exported
// as alpaca with <think> blocks (the largest layout) and as a Hugging Face Parquet folder, in
// process and as the whole `distill export` command (medians of a few runs).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildCandidates } from '../core/testing/candidate-builder.js';
import { newProjectConfig } from '../core/project-config.js';
import type { Candidate, Question } from '../core/types.js';
import { ProjectLayout } from '../store/project-layout.js';
import { ProjectStore } from '../store/project-store.js';
import { defaultWorkerCount, exportAccepted, type ExportResult } from '../export/export-accepted.js';
import type { ExportOptions } from '../export/export-options.js';
import { readManifest } from '../export/read-manifest.js';
import { benchCheckedExport } from './export-checked-bench.js';
import { median, timeProcess, WHOLE_COMMAND_RUNS, type ProcessFigure } from './export-whole-command.js';
import type { Report } from './report.js';

const TOP_TAGS = 10;
const LEAVES_PER_TOP = 25;
const QUESTIONS_PER_LEAF = 1000;
const CANDIDATES_PER_QUESTION = 4;

const SENTENCES = [
  'The athlete’s lactate threshold sets the fastest pace that can be held for about an hour.',
  'Glycogen stores in the liver and muscles last roughly ninety minutes of hard running.',
  'Training at low intensity builds mitochondrial density and capillary networks.',
  'Heart rate drifts upward over a long effort even when the pace stays the same.',
  'Strength work twice a week lowers the risk of overuse injuries in runners.',
  'We can estimate VO2max from a 12-minute run with the Cooper formula.',
  'Hydration needs depend on sweat rate, which varies between 0.5 and 2 litres per hour.',
  'A taper of two to three weeks lets the body absorb the training load.',
  '马拉松运动员的乳酸阈值决定了他们能够长时间维持的配速。',
  'Let me check this again: the numbers add up, so the reasoning holds.',
];

/** A deterministic pseudo-random text of about `chars` characters. */
function text(seed: number, chars: number): string {
  let state = seed * 2654435761;
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    state = (Math.imul(state ^ (state >>> 15), 2246822507) + 0x6d2b79f5) >>> 0;
    const sentence = SENTENCES[state % SENTENCES.length]!;
    parts.push(sentence);
    length += sentence.length + 1;
    if (state % 7 === 0) parts.push('\n\n');
  }
  return parts.join(' ');
}

function candidatesOf(question: Question, seed: number): Candidate[] {
  return buildCandidates(question, CANDIDATES_PER_QUESTION, (sample) => ({
    reasoning: text(seed * 8 + sample, 2000),
    answer: text(seed * 8 + sample + 4, 600),
    usage: { promptTokens: 60, completionTokens: 700, reasoningTokens: 500 },
    model: 'bench-teacher',
    latencyMs: 1000,
  }));
}

/**
 * Tags and questions go through the store; candidates and decisions are written straight into
 * their shard files (one JSON line each, as the store writes them), which builds the million
 * in seconds instead of minutes and keeps the builder's own memory out of the measurement.
 */
/** `topTags` scales the project (each holds 100,000 accepted candidates). */
export async function buildProject(dir: string, topTags = TOP_TAGS): Promise<ProjectStore> {
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  const layout = new ProjectLayout(dir);
  await mkdir(layout.candidatesDir, { recursive: true });
  await mkdir(layout.decisionsDir, { recursive: true });
  const tops = await store.addTags(
    null,
    Array.from({ length: topTags }, (_, i) => `Area ${i}`),
    'generated',
  );
  let seed = 0;
  for (const top of tops) {
    const leaves = await store.addTags(
      top.id,
      Array.from({ length: LEAVES_PER_TOP }, (_, i) => `Topic ${i}`),
      'generated',
    );
    for (const leaf of leaves) {
      const questions = await store.addQuestions(
        leaf.id,
        Array.from({ length: QUESTIONS_PER_LEAF }, (_, i) => ({ text: `${text(++seed, 140)} (${leaf.id}/${i})?` })),
        'generated',
      );
      const candidates = questions.flatMap((question) => candidatesOf(question, ++seed));
      const decisions = candidates.map((candidate) => ({ id: candidate.id, status: 'accepted', at: candidate.createdAt }));
      await writeFile(layout.candidates(leaf.id), jsonLines(candidates));
      await writeFile(layout.decisions(leaf.id), jsonLines(decisions));
    }
  }
  return store;
}

async function measuredExport(
  store: ProjectStore,
  options: ExportOptions,
): Promise<{ result: ExportResult; seconds: number; cpuSeconds: number; rssGrowthMb: number }> {
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  let peakRss = rssBefore;
  const result = await exportAccepted(store, options, () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  });
  const cpu = process.cpuUsage(cpuBefore);
  return { result, seconds: result.elapsedMs / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssGrowthMb: (peakRss - rssBefore) / 1e6 };
}

function jsonLines(records: readonly unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}

const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));

/** Top tags of 100,000 candidates each (BENCH_EXPORT_TOP_TAGS: 1 for a quick 100k run). */
const BENCH_TOP_TAGS = Number(process.env.BENCH_EXPORT_TOP_TAGS ?? TOP_TAGS);

/**
 * The bench project, kept in `workDir` between runs: built, then checked once as a whole `distill
 * check` (as `auto` leaves a project), so that no measured export pays the checks' one-off work
 * (computing every tag's features for the manifest's flag counts).
 */
async function checkedProject(workDir: string, topTags: number, report: Report): Promise<string> {
  const root = join(workDir, `export-${topTags}`);
  const project = join(root, 'project');
  const checked = join(root, 'checked');
  if (existsSync(checked)) return project;
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const buildStarted = performance.now();
  await (await buildProject(project, topTags)).close();
  report(`export: building the ${topTags * 100}k-candidate project`, (performance.now() - buildStarted) / 1000, 's');
  const checkStarted = performance.now();
  await promisify(execFile)(process.execPath, [BIN, 'check', '--project', project], { maxBuffer: 64 << 20 });
  report('export: checking it once (distill check, not part of any export figure)', (performance.now() - checkStarted) / 1000, 's');
  await writeFile(checked, '');
  return project;
}

/** Targets measured as whole commands: [name, args]. */
const TARGETS: [string, string[]][] = [
  ['--for hf', ['--for', 'hf']],
  ['--for llama-factory', ['--for', 'llama-factory']],
  ['--for trl', ['--for', 'trl']],
  ['--for openai', ['--for', 'openai']],
  ['--format alpaca', ['--format', 'alpaca']],
];

/** BENCH_EXPORT_ONLY=checked: the checked 1M project alone; =accepted: the all-accepted project alone. */
const ONLY = process.env.BENCH_EXPORT_ONLY;

export async function benchExport(report: Report, workDir: string): Promise<void> {
  if (ONLY !== 'accepted') await benchCheckedExport(report, workDir);
  if (ONLY === 'checked') return;
  const project = await checkedProject(workDir, BENCH_TOP_TAGS, report);
  if (process.env.BENCH_PREPARE_ONLY) return;
  const out = await mkdtemp(join(tmpdir(), 'distill-export-bench-'));
  try {
    // In process: the export alone, the project already open (its first open counts every shard).
    const openStarted = performance.now();
    const store = await ProjectStore.open(project);
    report('export: opening the project', (performance.now() - openStarted) / 1000, 's');
    const workers = defaultWorkerCount();
    const jsonl = await measuredExport(store, { format: 'alpaca', out: join(out, 'export', 'train.jsonl'), workers });
    report('export: records', jsonl.result.records, 'records');
    report('export: output size (alpaca, think)', jsonl.result.bytes / 1e6, 'MB');
    report(
      `export in process: throughput (alpaca, think, ${jsonl.result.workers} workers)`,
      jsonl.result.bytes / 1e6 / jsonl.seconds,
      'MB/s',
      '>= 100',
    );
    report('export in process: CPU (all threads)', jsonl.cpuSeconds, 's');
    report('export in process: RSS growth', jsonl.rssGrowthMb, 'MB');
    // A Hugging Face folder (messages, the Hub's default layout); throughput is counted in bytes of
    // the records as JSON lines, the input the Parquet stands for.
    const hf = await measuredExport(store, { target: 'hf', format: 'messages', out: join(out, 'export', 'hub'), workers });
    const parquetBytes = hf.result.files.reduce((sum, file) => sum + file.bytes, 0);
    report('export --for hf: Parquet size', parquetBytes / 1e6, 'MB');
    report(
      `export --for hf in process: throughput (JSONL MB/s, ${hf.result.workers} workers)`,
      hf.result.bytes / 1e6 / hf.seconds,
      'MB/s',
      '>= 100',
    );
    report('export --for hf in process: CPU (all threads)', hf.cpuSeconds, 's');
    report('export --for hf in process: RSS growth', hf.rssGrowthMb, 'MB');
    await store.close();
    await rm(join(out, 'export'), { recursive: true, force: true });

    // What the user waits for: the whole `distill export` command, opening the project included.
    for (const [name, args] of TARGETS) {
      const runs: ProcessFigure[] = [];
      let bytes = 0;
      for (let run = 0; run < WHOLE_COMMAND_RUNS; run++) {
        const target = join(out, 'cli', `run-${run}`, name.includes('hf') ? 'hub' : 'train.jsonl');
        runs.push(await timeProcess(['export', '--project', project, ...args, '--out', target]));
        // A Parquet folder is counted in the bytes of its records as JSON lines (as in process).
        bytes = name.includes('hf') ? hf.result.bytes : await jsonlBytes(target);
        await rm(join(out, 'cli'), { recursive: true, force: true });
      }
      const seconds = median(runs.map((figure) => figure.seconds));
      const label = `export ${name} (whole command)`;
      report(`${label}: wall, median of ${WHOLE_COMMAND_RUNS}`, seconds, 's');
      report(`${label}: throughput (JSONL MB/s)`, bytes / 1e6 / seconds, 'MB/s', '>= 100');
      report(`${label}: CPU (user + sys), median`, median(runs.map((figure) => figure.cpuSeconds)), 's');
      report(`${label}: peak RSS, median`, median(runs.map((figure) => figure.rssMb)), 'MB');
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Bytes of a JSONL export's files, from its manifest. */
async function jsonlBytes(target: string): Promise<number> {
  const { manifest } = await readManifest(`${target}.manifest.json`);
  return manifest.files.reduce((sum, file) => sum + file.bytes, 0);
}
