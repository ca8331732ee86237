// What a user waits for when checking the bench's 1,000,000-candidate project: whole
// processes, measured from outside (`/usr/bin/time -v node bin/distill.js check`), and the
// review TUI's re-check measured through the real program in a pseudo-terminal.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_RULES } from '../checks/rules/rules-config.js';
import { thresholdFields } from '../tui/services/review-checks.js';
import { PtyScreen } from './pty-screen.js';
import type { Report } from './report.js';
import { millionCandidateProject } from './store-bench.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
const RUNS = 3;

interface ProcessFigure {
  seconds: number;
  /** User + system CPU seconds: what the command costs when the machine is not shared. */
  cpuSeconds: number;
  rssMb: number;
  stdout: string;
}

/** One whole process under GNU time: wall-clock seconds and peak resident memory. */
async function timeProcess(args: string[]): Promise<ProcessFigure> {
  const { stdout, stderr } = await run('/usr/bin/time', ['-v', process.execPath, BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (!wall || !rss) throw new Error(`checks bench: no figures from /usr/bin/time:\n${stderr.slice(-2000)}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  const cpu = ['User', 'System'].map((kind) => Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? 0));
  return { seconds, cpuSeconds: cpu[0]! + cpu[1]!, rssMb: Number(rss[1]) / 1024, stdout };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Writes a threshold into distill.json as `T` in the TUI would (the next check reads it). */
async function setDuplicateThreshold(dir: string, minSimilarity: number): Promise<void> {
  const file = join(dir, 'distill.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as { rules?: Record<string, unknown> };
  config.rules = { ...config.rules, duplicateQuestion: { minSimilarity } };
  await writeFile(file, JSON.stringify(config, null, 2) + '\n');
}

/**
 * `warm` (`npm run bench -- checks-process --warm`) leaves the project's checks cache as it is and
 * skips the first full check (minutes of CPU), for repeated measurements of what comes after it.
 */
export async function benchChecksProcess(report: Report, workDir: string, warm = false): Promise<void> {
  const dir = await millionCandidateProject(workDir);
  const candidates = '1,000,000';
  await setDuplicateThreshold(dir, 0.7);

  if (!warm || !existsSync(join(dir, 'cache', 'checks', 'summary.json'))) {
    // The first check finds no cache at all: every candidate analysed, every question compared.
    await rm(join(dir, 'cache', 'checks'), { recursive: true, force: true });
    const first = await timeProcess(['check', '--project', dir]);
    report(`check, first run, ${candidates} candidates (whole process)`, first.seconds, 's');
    report('  CPU (user + system)', first.cpuSeconds, 's');
    report('check, first run: peak resident memory', first.rssMb, 'MB', '< 1024 MB');
  } else {
    // A cache of another build would be analysed again here: the first check's figures, not those below.
    const settle = await timeProcess(['check', '--project', dir]);
    if (!/\(0 newly analysed\)/.test(settle.stdout)) report('check --warm: the cache was stale; its first check took', settle.seconds, 's');
  }

  const again: ProcessFigure[] = [];
  for (let i = 0; i < RUNS; i++) again.push(await timeProcess(['check', '--project', dir]));
  report(`check run again, nothing changed (median of ${RUNS})`, median(again.map((figure) => figure.seconds)), 's', '< 2 s');
  report('  CPU (user + system)', median(again.map((figure) => figure.cpuSeconds)), 's');

  const changed: ProcessFigure[] = [];
  for (let i = 0; i < RUNS; i++) {
    await setDuplicateThreshold(dir, [0.75, 0.8, 0.7][i]!);
    changed.push(await timeProcess(['check', '--project', dir]));
  }
  report(`threshold change, then check (median of ${RUNS})`, median(changed.map((figure) => figure.seconds)), 's', '< 2 s');
  report('  CPU (user + system)', median(changed.map((figure) => figure.cpuSeconds)), 's');
  report('  resident memory', median(changed.map((figure) => figure.rssMb)), 'MB');
  if (!/\(0 newly analysed\)/.test(changed[RUNS - 1]!.stdout)) throw new Error('checks bench: the re-check analysed candidates again');

  await benchReviewRecheck(report, dir);
}

/** `T` (a threshold changed and saved, the rules re-run) and `R` in the review TUI, key to message on screen. */
async function benchReviewRecheck(report: Report, dir: string): Promise<void> {
  const screen = new PtyScreen(process.execPath, [BIN, 'review', '--project', dir]);
  try {
    await screen.waitFor(/Area 1/);
    // The form's fields are the same keys whatever their values.
    const fields = thresholdFields(DEFAULT_RULES);
    const fieldsFromEnd = fields.length - fields.findIndex((field) => field.key === 'duplicateQuestion.minSimilarity');
    const saved: number[] = [];
    const rerun: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      screen.press('T');
      await screen.waitFor(/Rule thresholds/);
      // Up from the first field wraps to the last: go back to duplicateQuestion.minSimilarity, clear it, type a new value, save.
      // One key at a time: arrow keys sent in one write reached the form as fewer moves.
      for (let up = 0; up < fieldsFromEnd; up++) {
        screen.press('\x1b[A');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      screen.press('\x15');
      screen.press(['0.75', '0.8', '0.7'][i]!);
      let started = performance.now();
      screen.press('\r');
      await screen.waitFor(/thresholds saved; \d+ candidates/);
      saved.push((performance.now() - started) / 1000);
      started = performance.now();
      screen.press('R');
      await screen.waitFor(/rules re-run: \d+ candidates/);
      rerun.push((performance.now() - started) / 1000);
    }
    report(`review TUI: T, a threshold changed and re-run (median of ${RUNS})`, median(saved), 's', '< 2 s');
    report(`review TUI: R, rules re-run over ${'1,000,000'} (median of ${RUNS})`, median(rerun), 's', '< 2 s');
  } finally {
    await screen.close();
  }
}
