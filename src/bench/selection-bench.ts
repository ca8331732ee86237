// `npm run bench -- selection`: the done-when scale on real projects on disk:
// decontaminating 250,000 questions against a 10,000-item benchmark file, and `select --budget`
// over 1,000,000 candidates, each in process and as the whole command a user waits for (process
// start, reading the project, the checks `decontaminate` runs afterwards), with the machine's load
// beside them (the machine is shared: quote these from a quiet run). Decontamination runs on a
// project of its own with varied question texts: the million-candidate project's questions are
// templated and share an 8-gram, so a benchmark repeating one of them matches them all.
import { access, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { readBenchmarkFile } from '../selection/benchmark-file.js';
import { DEFAULT_CONTAMINATION_SETTINGS } from '../selection/contamination-index.js';
import { decontaminateProject } from '../selection/decontaminate-project.js';
import { drawSelection } from '../selection/select-pipeline.js';
import { readSelectionPool } from '../selection/selection-inputs.js';
import { newProjectConfig } from '../core/project-config.js';
import { ProjectStore } from '../store/project-store.js';
import { median, type Report } from './report.js';
import { randomText, seeded } from './synthetic-questions.js';
import { timeDistillCommand, type CommandTiming } from './whole-command.js';

const BENCHMARK_ITEMS = 10_000;
/** Project questions the benchmark repeats (the first of a tag each): half verbatim, half with two words dropped. */
const PLANTED = 100;
const RUNS = 3;
const BUDGET = 1_000;

const load = () => loadavg()[0]!.toFixed(1);

const TAGS = 1_000;
const QUESTIONS_PER_TAG = 250;

/** A project of 250,000 varied questions (1,000 tags × 250, no candidates), built once in `workDir`. */
export async function decontaminationProject(workDir: string): Promise<string> {
  const dir = join(workDir, 'decontaminate-250k');
  const built = await access(join(dir, 'distill.json')).then(
    () => true,
    () => false,
  );
  if (built) return dir;
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Decontamination bench', baseUrl: 'offline' }));
  try {
    const random = seeded(3);
    const tags = await store.addTags(
      null,
      Array.from({ length: TAGS }, (_, i) => `Topic ${i + 1}`),
      'generated',
    );
    for (const tag of tags) {
      const texts = Array.from({ length: QUESTIONS_PER_TAG }, () => ({ text: randomText(random, 15 + Math.floor(random() * 60)) }));
      await store.addQuestions(tag.id, texts, 'generated');
    }
  } finally {
    await store.close();
  }
  return dir;
}

/** A benchmark file of 10,000 questions, PLANTED of them taken from the project (the first of a tag each): all must be found. */
async function writeBenchmark(store: ProjectStore, file: string): Promise<number> {
  const planted: string[] = [];
  for (const tag of store.tags()) {
    if (planted.length >= PLANTED) break;
    const questions = await store.questions(tag.id);
    if (questions.length > 0) planted.push(questions[0]!.text);
  }
  const random = seeded(7);
  const lines: string[] = [];
  for (let i = 0; i < BENCHMARK_ITEMS; i++) {
    let text: string;
    if (i < planted.length) {
      const split = planted[i]!.split(' ');
      // Two words dropped after the sixth leave an 8-gram from the ninth word on (17 words or more):
      // shorter questions would be under both thresholds, so they are planted verbatim.
      if (i % 2 === 1 && split.length >= 17) split.splice(6, 2);
      text = split.join(' ');
    } else {
      text = randomText(random, 20 + Math.floor(random() * 60));
    }
    lines.push(JSON.stringify({ id: `bm-${i + 1}`, question: text }));
  }
  await writeFile(file, lines.join('\n') + '\n');
  return planted.length;
}

async function timeRuns(args: string[]): Promise<{ wall: number; cpu: number | null; rss: number | null }> {
  const runs: CommandTiming[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timeDistillCommand(args));
  const cpu = runs.every((run) => run.cpuSeconds !== null) ? median(runs.map((run) => run.cpuSeconds!)) : null;
  const rss = runs.every((run) => run.maxRssMb !== null) ? median(runs.map((run) => run.maxRssMb!)) : null;
  return { wall: median(runs.map((run) => run.seconds)), cpu, rss };
}

export async function benchSelection(report: Report, projectDir: string, workDir: string): Promise<void> {
  const questionsDir = await decontaminationProject(workDir);
  process.stdout.write(`load average at start: ${load()}\n`);
  const file = join(workDir, 'selection-benchmark.jsonl');
  let store = await ProjectStore.open(questionsDir);
  try {
    const planted = await writeBenchmark(store, file);
    const benchmark = { ...(await readBenchmarkFile(file, 'bench')), file };
    const started = performance.now();
    const summary = await decontaminateProject(store, [benchmark], { settings: DEFAULT_CONTAMINATION_SETTINGS });
    const seconds = (performance.now() - started) / 1000;
    report(
      `decontaminate ${summary.questions.toLocaleString('en-US')} questions vs ${BENCHMARK_ITEMS.toLocaleString('en-US')} items, in process`,
      seconds,
      's',
      '< 60 s, one core',
    );
    report(`decontaminate: questions flagged (${planted} planted)`, summary.contaminated, 'questions');
  } finally {
    await store.close();
  }
  const decontaminateArgs = ['decontaminate', '--benchmark', file, '--name', 'bench', '--project', questionsDir];
  // One run first: its check takes in the findings the in-process run stored (the tags it flagged
  // are extracted again); the timed runs are what a user waits for when running it again.
  await timeDistillCommand(decontaminateArgs);
  const decontaminate = await timeRuns(decontaminateArgs);
  report(`decontaminate, whole command (median of ${RUNS}, with its checks after)`, decontaminate.wall, 's wall');
  if (decontaminate.cpu !== null) report('decontaminate, whole command, CPU (user+sys)', decontaminate.cpu, 's CPU');
  if (decontaminate.rss !== null) report('decontaminate, whole command, peak memory', decontaminate.rss, 'MB');

  // Every synthetic question is near-duplicate of another (templated texts): with duplicate_question
  // failing, one question would qualify. It is made soft for these runs, as a user of such a
  // project would, so the draw picks from all of them; the settings are put back after.
  await withSoftDuplicates(projectDir, async () => {
    store = await ProjectStore.open(projectDir);
    try {
      const started = performance.now();
      const pool = await readSelectionPool(store);
      const read = performance.now();
      const result = drawSelection(pool, { budget: BUDGET, seed: 1, diversity: 'leaf', passRate: { min: null, max: null } });
      const done = performance.now();
      report(
        `select: read ${pool.questions.toLocaleString('en-US')} questions' verdicts (${pool.size.toLocaleString('en-US')} qualify), in process`,
        (read - started) / 1000,
        's',
      );
      report(`select --budget ${BUDGET}: the draw, in process`, done - read, 'ms');
      report('select: questions selected', result.items.length, 'questions');
    } finally {
      await store.close();
    }
    const select = await timeRuns(['select', '--budget', String(BUDGET), '--seed', '1', '--name', 'bench', '--project', projectDir]);
    report(`select --budget ${BUDGET} over 1,000,000 candidates, whole command (median of ${RUNS})`, select.wall, 's wall');
    if (select.cpu !== null) report('select, whole command, CPU (user+sys)', select.cpu, 's CPU');
    if (select.rss !== null) report('select, whole command, peak memory', select.rss, 'MB');
  });
  process.stdout.write(`load average at end: ${load()}\n`);
}

/** Runs `work` with duplicate_question soft in the project's distill.json, restored afterwards. */
async function withSoftDuplicates(projectDir: string, work: () => Promise<void>): Promise<void> {
  const path = join(projectDir, 'distill.json');
  const original = await readFile(path, 'utf8');
  const config = JSON.parse(original) as { rules?: { soft?: string[] } };
  const soft = config.rules?.soft ?? ['low_confidence'];
  config.rules = { ...config.rules, soft: [...new Set([...soft, 'duplicate_question'])] };
  await writeFile(path, JSON.stringify(config, null, 2) + '\n');
  try {
    await work();
  } finally {
    await writeFile(path, original);
  }
}
