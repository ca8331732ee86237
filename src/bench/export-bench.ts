// Export throughput at 1,000,000 accepted candidates. The project is built through the store, with
// texts of the size a reasoning teacher writes (a ~2 KB trace, a ~600-char answer), then exported
// as alpaca with <think> blocks (the largest layout) and as a Hugging Face Parquet folder, in
// process and as the whole `distill export` command (medians of a few runs).
import { execFile } from 'node:child_process';
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

interface ProcessFigure {
  seconds: number;
  /** User + system CPU seconds: on a shared, busy machine, what the command costs apart from waiting for a core. */
  cpuSeconds: number;
  rssMb: number;
}

const WHOLE_COMMAND_RUNS = 3;
const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));

/** One whole process under GNU time: wall-clock seconds and peak resident memory. */
async function timeProcess(args: string[]): Promise<ProcessFigure> {
  const { stderr } = await promisify(execFile)('/usr/bin/time', ['-v', process.execPath, BIN, ...args], { maxBuffer: 16 << 20 });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  if (!wall || !rss || !user || !system) throw new Error(`export bench: no figures from /usr/bin/time:\n${stderr.slice(-2000)}`);
  return {
    seconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]),
    cpuSeconds: Number(user[1]) + Number(system[1]),
    rssMb: Number(rss[1]) / 1024,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function jsonLines(records: readonly unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}

export async function benchExport(report: Report): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'distill-export-bench-'));
  try {
    const buildStarted = performance.now();
    const built = await buildProject(join(root, 'project'));
    await built.close();
    report('export: building the 1M-candidate project', (performance.now() - buildStarted) / 1000, 's');
    // Reopened, so the store counts the shards written behind its back (the --for hf export cuts its
    // shards by those counts), as `distill export` sees the project.
    const openStarted = performance.now();
    const store = await ProjectStore.open(join(root, 'project'));
    report('export: opening the project (first open counts every shard)', (performance.now() - openStarted) / 1000, 's');
    const workers = defaultWorkerCount();
    const jsonl = await measuredExport(store, { format: 'alpaca', out: join(root, 'export', 'train.jsonl'), workers });
    report('export: records', jsonl.result.records, 'records');
    report('export: output size', jsonl.result.bytes / 1e6, 'MB');
    report(
      `export: throughput (alpaca, think, ${jsonl.result.workers} workers)`,
      jsonl.result.bytes / 1e6 / jsonl.seconds,
      'MB/s',
      '>= 100',
    );
    report('export: CPU (all threads)', jsonl.cpuSeconds, 's');
    report('export: RSS growth during export', jsonl.rssGrowthMb, 'MB');

    // The same records as a Hugging Face dataset folder (messages, the Hub's default layout);
    // throughput is counted in bytes of the records as JSON lines, the input the Parquet stands for.
    const hf = await measuredExport(store, { target: 'hf', format: 'messages', out: join(root, 'export', 'hub'), workers });
    const parquetBytes = hf.result.files.reduce((sum, file) => sum + file.bytes, 0);
    report('export --for hf: Parquet size', parquetBytes / 1e6, 'MB');
    report(`export --for hf: throughput (JSONL MB/s, ${hf.result.workers} workers)`, hf.result.bytes / 1e6 / hf.seconds, 'MB/s', '>= 100');
    report('export --for hf: CPU (all threads)', hf.cpuSeconds, 's');
    report('export --for hf: RSS growth during export', hf.rssGrowthMb, 'MB');
    await store.close();

    // What the user waits for: the whole `distill export` command, opening the project included.
    const project = join(root, 'project');
    for (const [name, args, bytes] of [
      ['export (whole command, jsonl)', ['--format', 'alpaca', '--out', join(root, 'cli', 'train.jsonl')], jsonl.result.bytes],
      ['export --for hf (whole command)', ['--for', 'hf', '--out', join(root, 'cli', 'hub')], hf.result.bytes],
    ] as const) {
      const runs: ProcessFigure[] = [];
      for (let run = 0; run < WHOLE_COMMAND_RUNS; run++) runs.push(await timeProcess(['export', '--project', project, ...args]));
      const seconds = median(runs.map((figure) => figure.seconds));
      report(`${name}: wall, median of ${WHOLE_COMMAND_RUNS}`, seconds, 's');
      report(`${name}: throughput`, bytes / 1e6 / seconds, 'MB/s', '>= 100');
      report(`${name}: CPU (user + sys), median`, median(runs.map((figure) => figure.cpuSeconds)), 's');
      report(`${name}: peak RSS, median`, median(runs.map((figure) => figure.rssMb)), 'MB');
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
