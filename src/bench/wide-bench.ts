// Whole-program figures at 50,000 tags, through the real executable: `stats` under
// /usr/bin/time, the review TUI in a pseudo-terminal (first screen, idle CPU, keystrokes).
// BENCH_PREPARE_ONLY=1 builds and checks the project only (the first check takes many minutes).
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChecked } from './checked-project.js';
import { PtyProgram, TUI_NODE_ARGS } from './pty-program.js';
import { median, percentile, type Report } from './report.js';
import { wideProject } from './wide-project.js';

const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
const IDLE_SECONDS = 30;
/** Runs of each whole-program figure (BENCH_RUNS); each figure is their median. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Wall seconds, CPU seconds (user + system) and peak RSS of one whole command, as /usr/bin/time reports them. */
function runTimed(args: string[]): { seconds: number; cpuSeconds: number; rssMb: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, BIN, ...args], { encoding: 'utf8' });
  const match = /(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)\s*$/.exec(result.stderr.trim());
  if (result.status !== 0 || !match) throw new Error(`distill ${args.join(' ')} failed: ${result.stderr}`);
  return { seconds: Number(match[1]), cpuSeconds: Number(match[2]) + Number(match[3]), rssMb: Number(match[4]) / 1024 };
}

const selectedArea = (n: number) => (screen: string) =>
  screen.includes(`Sports science > Area ${n}\n`) || screen.includes(`Sports science > Area ${n} `);

async function openReview(dir: string): Promise<{ program: PtyProgram; ms: number; cpuSeconds: number }> {
  const started = performance.now();
  const program = new PtyProgram([...TUI_NODE_ARGS, BIN, 'review', '--project', dir], { cwd: dir });
  // The first screen: the tree with its counts, the first tag selected, the project counts.
  await program.waitFor((screen) => selectedArea(1)(screen) && /\d+ accepted · \d+ rejected/.test(screen), 'the first screen');
  return { program, ms: performance.now() - started, cpuSeconds: program.cpuSeconds() };
}

/** One session's keystrokes: `j` down the 100 areas, then into Area 101 and `j` down 60 of its leaves. */
async function timeKeys(program: PtyProgram): Promise<{ tree: number[]; leaf: number[] }> {
  const tree: number[] = [];
  for (let area = 2; area <= 101; area++) tree.push(await program.timeKey('j', selectedArea(area), `Area ${area} selected`));
  // Into a leaf area: each step opens a tag (its questions, candidates, decisions and checks).
  await program.timeKey('l', (screen) => screen.includes('▾ Area 101'), 'Area 101 expanded');
  const leaf: number[] = [];
  for (let topic = 1; topic <= 60; topic++) {
    leaf.push(
      await program.timeKey(
        'j',
        (screen) => screen.includes(`Area 101 > Topic ${topic}`) && screen.includes('Questions 1'),
        `Topic ${topic}`,
      ),
    );
  }
  return { tree: tree.sort((a, b) => a - b), leaf: leaf.sort((a, b) => a - b) };
}

/** Each session's figure, printed beside their median. */
function spread(values: number[]): string {
  return values.map((value) => value.toFixed(1)).join(', ');
}

export async function benchWide(report: Report, workDir: string): Promise<void> {
  const dir = await wideProject(workDir);
  // A project after auto is checked: flag counts and stats come from that check.
  await ensureChecked(BIN, dir, '50,000-tag project');
  if (process.env.BENCH_PREPARE_ONLY) return;

  // The counters cache lost (deleted, or a project from before it): every shard is read once to
  // rebuild it, a one-off; every later command reads the cache.
  const cold: { seconds: number; cpuSeconds: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    await rm(join(dir, 'cache', 'counts.json'), { force: true });
    cold.push(runTimed(['stats', '--project', dir]));
  }
  report(
    `50,000 tags: stats, counters cache deleted (whole command, median of ${RUNS})`,
    median(cold.map((run) => run.seconds)) * 1000,
    'ms',
    'none: a one-off rebuild of the cache',
  );
  report('50,000 tags: stats, counters cache deleted, CPU (user + system)', median(cold.map((run) => run.cpuSeconds)) * 1000, 'ms');
  const warm = Array.from({ length: RUNS }, () => runTimed(['stats', '--project', dir]));
  report(`50,000 tags: stats (whole command, median of ${RUNS})`, median(warm.map((run) => run.seconds)) * 1000, 'ms', '< 2000 ms');
  report('50,000 tags: stats, CPU (user + system, median)', median(warm.map((run) => run.cpuSeconds)) * 1000, 'ms');
  report('50,000 tags: stats, peak RSS', median(warm.map((run) => run.rssMb)), 'MB');

  const opens: number[] = [];
  const openCpu: number[] = [];
  const treeP50: number[] = [];
  const treeP99: number[] = [];
  const leafP99: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { program, ms, cpuSeconds } = await openReview(dir);
    opens.push(ms);
    openCpu.push(cpuSeconds);
    if (run === 0) {
      // Idle: nothing changes on disk, the screen only waits for keys.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const cpuBefore = program.cpuSeconds();
      await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1_000));
      report('50,000 tags: review TUI idle, CPU of one core', ((program.cpuSeconds() - cpuBefore) / IDLE_SECONDS) * 100, '%', '< 1 %');
    }
    const { tree, leaf } = await timeKeys(program);
    treeP50.push(percentile(tree, 50));
    treeP99.push(percentile(tree, 99));
    leafP99.push(percentile(leaf, 99));
    await program.quit();
  }
  report(`50,000 tags: review TUI first screen (whole program, median of ${RUNS})`, median(opens), 'ms', '< 1500 ms');
  report('50,000 tags: review TUI first screen, CPU (user + system, median)', median(openCpu) * 1000, 'ms');
  report(`50,000 tags: keystroke j in the tree, p50 (pty; ${spread(treeP50)})`, median(treeP50), 'ms', 'p99 < 30 ms');
  report(`50,000 tags: keystroke j in the tree, p99 (pty; ${spread(treeP99)})`, median(treeP99), 'ms', '< 30 ms');
  report(`50,000 tags: keystroke j onto the next leaf, p99 (pty; ${spread(leafP99)})`, median(leafP99), 'ms', '< 30 ms');
}
