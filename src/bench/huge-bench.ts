// The review TUI on a tag of eight 21 MB answers (issue 15's runaway teacher), as a reviewer
// meets it: the real program in a pseudo-terminal, timed from the key to the screen that answers
// it, with the program's own peak resident memory (VmHWM) and CPU. The tag is checked once
// before (`distill check`, as after `auto`), so opening it reads the cached verdicts; a last
// session opens it with its caches removed, as nobody had checked it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HUGE_SHAPE, writeHugeProject } from './huge-project.js';
import { PtyProgram, TUI_NODE_ARGS } from './pty-program.js';
import { ensureChecked } from './checked-project.js';
import { median, percentile, type Report } from './report.js';

const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAGE_DOWN = '\x1b[6~';

/** The project, built once and kept in `workDir`. */
async function hugeProject(workDir: string): Promise<string> {
  const dir = join(workDir, 'huge-8x21mb');
  if (existsSync(join(dir, '.complete'))) return dir;
  await rm(dir, { recursive: true, force: true });
  process.stdout.write('building a project with eight 21 MB answers in one tag (once; kept in .bench/)…\n');
  await writeHugeProject(dir, HUGE_SHAPE);
  execFileSync(process.execPath, [BIN, 'check', '--project', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  await writeFile(join(dir, '.complete'), '');
  return dir;
}

/** Peak resident memory of a process so far (kB in /proc), in MB. */
export function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

export interface HugeSession {
  openMs: number;
  moves: number[];
  /** The same keys, until the program's output that answered them arrived (PtyProgram.lastOutputMs). */
  movesOutput: number[];
  firstViews: number[];
  scrolls: number[];
  peakMb: number;
  cpuSeconds: number;
}

/**
 * One session: open the program, select the tag and wait for its candidates and verdicts; move
 * between a question's two 21 MB candidates, on to each next question's (a 21 MB text seen for
 * the first time), and page down through one. `sizeLabel` is how the candidate rows show a huge text's length.
 */
export async function runHugeSession(dir: string, tagName: string, questions: number, sizeLabel: string): Promise<HugeSession> {
  const started = performance.now();
  const program = new PtyProgram([...TUI_NODE_ARGS, BIN, 'review', '--project', dir], { cwd: dir, cols: 140, rows: 40 });
  try {
    // The first tag is selected when the program starts.
    await program.waitFor(
      (screen) => screen.includes(sizeLabel) && new RegExp(`${tagName} +\\d+/\\d+ ⚑`).test(screen),
      'the tag read, with its verdicts',
    );
    const openMs = performance.now() - started;
    const selectedRow = () => program.highlighted().join('\n');
    program.press('\t');
    await program.waitFor(() => selectedRow().includes('Variant 1:'), 'the questions pane');
    program.press('\t');
    await program.waitFor(() => selectedRow().includes('#0 '), 'the candidates pane');
    const moves: number[] = [];
    const movesOutput: number[] = [];
    for (let i = 0; i < 10; i++) {
      const to = i % 2 === 0 ? '#1 ' : '#0 ';
      moves.push(
        await program.timeKey(
          i % 2 === 0 ? 'j' : 'k',
          (screen) => selectedRow().includes(to) && screen.includes(`-1-${to[1]}`),
          `candidate ${to}`,
        ),
      );
      movesOutput.push(program.lastOutputMs);
    }
    const firstViews: number[] = [];
    for (let q = 2; q <= questions; q++) {
      program.press('\x1b[Z');
      await program.waitFor(() => selectedRow().includes(`Variant ${q - 1}:`), 'the questions pane');
      await program.timeKey('j', () => selectedRow().includes(`Variant ${q}:`), `question ${q}`);
      firstViews.push(
        await program.timeKey(
          '\t',
          (screen) => selectedRow().includes('#0 ') && screen.includes(`-${q}-0`),
          `question ${q}'s first candidate`,
        ),
      );
    }
    // The question's second candidate: its 21 MB answer is shown unfolded (a huge trace is folded to a few lines).
    await program.timeKey('j', () => selectedRow().includes('#1 '), 'the candidate with the huge answer');
    const inList = program.screen();
    // The hints and the pane frames change with the focus.
    await program.timeKey('\t', (screen) => screen !== inList, 'the detail pane');
    const scrolls: number[] = [];
    for (let i = 0; i < 30; i++) {
      const before = program.screen();
      scrolls.push(await program.timeKey(PAGE_DOWN, (screen) => screen !== before, 'the next page'));
    }
    const peakMb = peakRssMb(program.pid);
    const cpuSeconds = program.cpuSeconds();
    return {
      openMs,
      moves: sorted(moves),
      movesOutput: sorted(movesOutput),
      firstViews: sorted(firstViews),
      scrolls: sorted(scrolls),
      peakMb,
      cpuSeconds,
    };
  } finally {
    await program.quit();
  }
}

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);

export async function benchHuge(report: Report, workDir: string): Promise<void> {
  const dir = await hugeProject(workDir);
  // Opening the tag reads the cached verdicts only if the last check holds for this build.
  await ensureChecked(BIN, dir, 'huge-answer project');
  const sessions: HugeSession[] = [];
  for (let run = 0; run < RUNS; run++) sessions.push(await runHugeSession(dir, 'Runaway answers', HUGE_SHAPE.questions, '21000k'));
  const all = (pick: (session: HugeSession) => number[]) => sorted(sessions.flatMap(pick));
  report('huge: open the tag of 8 × 21 MB answers, whole program in a pty (median)', median(sessions.map((s) => s.openMs)), 'ms');
  report(
    'huge: keystroke, between two 21 MB candidates (p50)',
    percentile(
      all((s) => s.moves),
      50,
    ),
    'ms',
  );
  report(
    'huge: keystroke, between two 21 MB candidates (p99)',
    percentile(
      all((s) => s.moves),
      99,
    ),
    'ms',
    '< 30 ms',
  );
  report(
    "huge: keystroke, between two 21 MB candidates, to the program's output (p99)",
    percentile(
      all((s) => s.movesOutput),
      99,
    ),
    'ms',
    '< 30 ms',
  );
  report(
    'huge: keystroke, a 21 MB candidate shown the first time (p50)',
    percentile(
      all((s) => s.firstViews),
      50,
    ),
    'ms',
  );
  report(
    'huge: keystroke, a 21 MB candidate shown the first time (max)',
    percentile(
      all((s) => s.firstViews),
      100,
    ),
    'ms',
    '< 30 ms',
  );
  report(
    'huge: keystroke, page down in a 21 MB candidate (p50)',
    percentile(
      all((s) => s.scrolls),
      50,
    ),
    'ms',
  );
  report(
    'huge: keystroke, page down in a 21 MB candidate (p99)',
    percentile(
      all((s) => s.scrolls),
      99,
    ),
    'ms',
    '< 30 ms',
  );
  report('huge: peak resident memory of the program (median of runs)', median(sessions.map((s) => s.peakMb)), 'MB', '< 300 MB');
  report('huge: CPU of the whole session (median)', median(sessions.map((s) => s.cpuSeconds)), 's');
  const unchecked = await runUncheckedSession(dir);
  report('huge: never-checked tag, keys in the tree while it is checked (p50)', percentile(unchecked.keys, 50), 'ms');
  report('huge: never-checked tag, keys in the tree while it is checked (max)', percentile(unchecked.keys, 100), 'ms', '< 100 ms');
  report('huge: never-checked tag, from its rows shown to its verdicts (whole program)', unchecked.checkMs, 'ms');
  report('huge: never-checked tag, peak resident memory of the program', unchecked.peakMb, 'MB', '< 600 MB');
}

/**
 * A session on the tag as nobody has checked it (its feature caches removed): keys in the tree
 * (to the small tag and back) for as long as its checks run, until its verdicts are in. The next
 * run of the bench checks the project again (its summary is then out of date).
 */
async function runUncheckedSession(dir: string): Promise<{ keys: number[]; checkMs: number; peakMb: number }> {
  await rm(join(dir, 'cache', 'checks'), { recursive: true, force: true });
  const program = new PtyProgram([...TUI_NODE_ARGS, BIN, 'review', '--project', dir], { cwd: dir, cols: 140, rows: 40 });
  const checked = (screen: string) => /Runaway answers +\d+\/\d+ ⚑/.test(screen);
  try {
    await program.waitFor((screen) => screen.includes('21000k') && screen.includes('checking…'), 'the tag read, being checked');
    const readAt = performance.now();
    const keys: number[] = [];
    for (let i = 0; !checked(program.screen()); i++) {
      const path = i % 2 === 0 ? 'Probability > Ordinary answers' : 'Probability > Runaway answers';
      keys.push(await program.timeKey(i % 2 === 0 ? 'j' : 'k', (screen) => screen.includes(path), path));
    }
    const checkMs = performance.now() - readAt;
    return { keys: sorted(keys), checkMs, peakMb: peakRssMb(program.pid) };
  } finally {
    await program.quit();
  }
}
