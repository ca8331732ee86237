// The review TUI on the bench's 1,000,000-candidate project, as a reviewer meets it: the real
// program in a pseudo-terminal (node-pty + @xterm/headless), timed from the key to the screen
// that answers it. First screen, keystrokes in the tree and onto leaves, next match across the
// tree, the stats view; and the first view of a 200 KB trace (a small project of long traces).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newProjectConfig } from '../core/project-config.js';
import { ProjectStore } from '../store/project-store.js';
import { ensureChecked } from './checked-project.js';
import { PtyProgram, TUI_NODE_ARGS } from './pty-program.js';
import { median, percentile, type Report } from './report.js';
import { LONG_TRACE_CANDIDATES, addLongTraces } from './tui-bench.js';

const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
/** Runs of the whole sequence (each opens the program again); fewer for a quick look. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** The status bar names the selected tag's path; a row of the screen ends right after it. */
const selected = (path: string) => (screen: string) => screen.includes(`${path}\n`) || screen.includes(`${path} `);
const selectedArea = (n: number) => selected(`Sports science > Area ${n}`);
/** In the tree, a leaf is open once its row is selected and its first question is listed (candidates and verdicts follow). */
const leafOpen = (program: PtyProgram, area: number, topic: number) => (screen: string) =>
  selectedLine(program).startsWith(`Topic ${topic} `) && screen.includes(`Synthetic question 1 about Area ${area} /`);
/** After `]`: the first candidate of the leaf's first question is selected and shown in the detail. */
const hitShown = (program: PtyProgram, area: number, topic: number) => (screen: string) =>
  selectedLine(program).includes('#0 ') && screen.includes(`Synthetic question 1 about Area ${area} / Topic ${topic}:`);

async function openReview(dir: string): Promise<{ program: PtyProgram; ms: number }> {
  const started = performance.now();
  const program = new PtyProgram([...TUI_NODE_ARGS, BIN, 'review', '--project', dir], { cwd: dir });
  await program.waitFor((screen) => selectedArea(1)(screen) && /\d+ accepted · \d+ rejected/.test(screen), 'the first screen');
  return { program, ms: performance.now() - started };
}

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);

export async function benchMillionTui(report: Report, dir: string): Promise<void> {
  // The tree's flag counts and the stats view come from the last full check: a reviewed project has one.
  await ensureChecked(BIN, dir, '1,000,000-candidate project');
  const opens: number[] = [];
  const stats: number[] = [];
  const tree = new KeyTimes();
  const leaves = new KeyTimes();
  const nextInTag = new KeyTimes();
  const nextAcross = new KeyTimes();
  for (let run = 0; run < RUNS; run++) {
    const { program, ms } = await openReview(dir);
    opens.push(ms);
    try {
      // Keys are timed once the first screen's background reads (flag counts) are done, as a reviewer's would be.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // The stats view: every count from the counters and the last check's summary.
      stats.push(await program.timeKey('s', (screen) => /Statistics\s+1000000 candidates/.test(screen), 'the stats view'));
      await program.timeKey('s', (screen) => !screen.includes('Statistics'), 'the stats view closed');
      await treeKeys(program, tree);
      await leafKeys(program, run + 1, leaves);
      await nextMatchKeys(program, run + 1, nextInTag, nextAcross);
    } finally {
      await program.quit();
    }
  }
  const trace = await benchLongTrace();
  // Two figures per key: until the screen drawn by this process's terminal shows the answer, and
  // until the program's output that answers it arrived here (without this process's own parsing,
  // predicates and garbage collection, which a reviewer's terminal does not share).
  const row = (what: string, times: KeyTimes, target?: string) => {
    const n = times.screen.length;
    report(`1M: ${what}, p50 (pty, ${n} keys)`, percentile(sorted(times.screen), 50), 'ms');
    report(`1M: ${what}, p99 (pty, ${n} keys)`, percentile(sorted(times.screen), 99), 'ms', target);
    report(`1M: ${what}, p99 to the program's output (pty, ${n} keys)`, percentile(sorted(times.output), 99), 'ms', target);
  };
  report(`1M: review TUI first screen (whole program, median of ${RUNS})`, median(opens), 'ms', '< 1500 ms');
  row('keystroke j/k in the tree', tree, '< 30 ms');
  row('keystroke j onto the next leaf (1,000 candidates), its questions shown', leaves, '< 30 ms');
  row('] next match in the same tag', nextInTag, '< 100 ms');
  row('] next match in the next tag (read on the way)', nextAcross, '< 100 ms');
  report(`1M: stats view, key to charts (pty, median of ${RUNS})`, median(stats), 'ms', '< 2000 ms');
  row('j onto a candidate whose unfolded 200 KB trace is shown for the first time', trace, '< 30 ms');
}

/** Each timed key's two figures (PtyProgram.timeKey and lastOutputMs). */
class KeyTimes {
  readonly screen: number[] = [];
  readonly output: number[] = [];

  async time(program: PtyProgram, key: string, then: (screen: string) => boolean, what: string): Promise<void> {
    this.screen.push(await program.timeKey(key, then, what));
    this.output.push(program.lastOutputMs);
  }
}

async function treeKeys(program: PtyProgram, times: KeyTimes): Promise<void> {
  for (let area = 2; area <= 20; area++) await times.time(program, 'j', selectedArea(area), `Area ${area} selected`);
  for (let area = 19; area >= 1; area--) await times.time(program, 'k', selectedArea(area), `Area ${area} selected`);
}

/** j down the leaves of one area (each run a different area: leaves not read before). */
async function leafKeys(program: PtyProgram, area: number, times: KeyTimes): Promise<void> {
  for (let n = 2; n <= area; n++) await program.timeKey('j', selectedArea(n), `Area ${n} selected`);
  await program.timeKey('l', (screen) => screen.includes(`▾ Area ${area}`), `Area ${area} expanded`);
  for (let topic = 1; topic <= 20; topic++) await times.time(program, 'j', leafOpen(program, area, topic), `Topic ${topic}`);
}

/**
 * `]` (no filter: the next pending or flagged item) from the candidates of a leaf: to the next
 * candidate of the same tag, and from the tag's last candidate to the first of the next tag,
 * which the walk reads on the way.
 */
async function nextMatchKeys(program: PtyProgram, area: number, inTag: KeyTimes, across: KeyTimes): Promise<void> {
  // Each round starts in the tree one leaf above `topic` and ends, after `]`, on the leaf below it.
  for (let topic = 21; topic <= 39; topic += 2) {
    await program.timeKey('j', leafOpen(program, area, topic), `Topic ${topic}`);
    await program.timeKey('\t', () => selectedLine(program).includes('Synthetic question 1 '), 'the questions pane');
    // The first question's first candidate, then `]` to the next ones in the tag.
    await program.timeKey('\t', () => selectedLine(program).includes('#0 '), 'the candidates pane');
    for (let i = 1; i <= 3; i++) await inTag.time(program, ']', () => selectedLine(program).includes(`#${i} `), `candidate #${i}`);
    // From the tag's last question and candidate, `]` goes on into the next tag.
    program.press('\x1b[Z'); // shift-tab: the questions pane
    await program.timeKey('G', (screen) => /Synthetic question 250 about/.test(screen), 'the last question');
    await program.timeKey('\t', () => selectedLine(program).includes('#0 '), 'its candidates');
    await program.timeKey('G', () => selectedLine(program).includes('#3 '), 'the last candidate');
    await across.time(program, ']', hitShown(program, area, topic + 1), `Topic ${topic + 1} by ]`);
    // Back to the tree for the next round.
    program.press('\x1b[Z');
    program.press('\x1b[Z');
    await program.waitFor((screen) => screen.includes('A accept passing'), 'the tree focused');
  }
}

/** The focused pane's selected row. */
function selectedLine(program: PtyProgram): string {
  return program.highlighted()[0] ?? '';
}

/** A small project of 30 candidates with 200 KB reasoning each; j through them, unfolded. */
async function benchLongTrace(): Promise<KeyTimes> {
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-bench-trace-')), 'project');
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Long traces bench', baseUrl: 'offline' }));
  await addLongTraces(store);
  await store.close();
  const program = new PtyProgram([...TUI_NODE_ARGS, BIN, 'review', '--project', dir], { cwd: dir });
  try {
    await program.waitFor((screen) => screen.includes('Long traces'), 'the first screen');
    await program.timeKey('j', (screen) => screen.includes('A question with very long answers'), 'the tag');
    await program.timeKey('\t', () => selectedLine(program).includes('A question with very long answers'), 'the questions pane');
    // The project was never checked: its verdicts are computed (in a worker) when the tag is first
    // read. The keys are timed once they are in (as after `distill check`), and z once the trace is unfolded.
    program.press('\t');
    await program.waitFor((screen) => selectedLine(program).includes('#0 ') && !screen.includes('checking…'), 'the verdicts', 120_000);
    await program.timeKey('z', (screen) => screen.includes('[z: fold]') && screen.includes('Step 0:'), 'the reasoning unfolded');
    const times = new KeyTimes();
    for (let sample = 1; sample < LONG_TRACE_CANDIDATES; sample++) {
      await times.time(program, 'j', (screen) => screen.includes(`Step ${sample}:`), `the trace of #${sample}`);
    }
    return times;
  } finally {
    await program.quit();
    await rm(join(dir, '..'), { recursive: true, force: true });
  }
}
