// The review TUI on the bench's 1,000,000-candidate project, as a reviewer meets it: the real
// program in a pseudo-terminal (node-pty + @xterm/headless), timed from the key to the screen
// that answers it. First screen, keystrokes in the tree and the lists, the stats view.
import { fileURLToPath } from 'node:url';
import { PtyProgram } from './pty-program.js';
import { median, percentile, type Report } from './report.js';

const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
const RUNS = 3;

const selectedArea = (n: number) => (screen: string) =>
  screen.includes(`Sports science > Area ${n}\n`) || screen.includes(`Sports science > Area ${n} `);

async function openReview(dir: string): Promise<{ program: PtyProgram; ms: number }> {
  const started = performance.now();
  const program = new PtyProgram([BIN, 'review', '--project', dir], { cwd: dir });
  await program.waitFor((screen) => selectedArea(1)(screen) && /\d+ accepted · \d+ rejected/.test(screen), 'the first screen');
  return { program, ms: performance.now() - started };
}

const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);

export async function benchMillionTui(report: Report, dir: string): Promise<void> {
  const opens: number[] = [];
  const stats: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { program, ms } = await openReview(dir);
    opens.push(ms);
    try {
      // Keys are timed once the first screen's background reads (flag counts) are done, as a reviewer's would be.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // The stats view: every count from the counters and the last check's summary.
      stats.push(await program.timeKey('s', (screen) => /Statistics\s+1000000 candidates/.test(screen), 'the stats view'));
      await program.timeKey('s', (screen) => !screen.includes('Statistics'), 'the stats view closed');
      if (run === RUNS - 1) await benchKeys(report, program);
    } finally {
      await program.quit();
    }
  }
  report(`1M: review TUI first screen (whole program, median of ${RUNS})`, median(opens), 'ms', '< 1500 ms');
  report(`1M: stats view, key to charts (pty, median of ${RUNS})`, median(stats), 'ms', '< 2000 ms');
}

async function benchKeys(report: Report, program: PtyProgram): Promise<void> {
  const tree: number[] = [];
  for (let area = 2; area <= 20; area++) tree.push(await program.timeKey('j', selectedArea(area), `Area ${area} selected`));
  for (let area = 19; area >= 1; area--) tree.push(await program.timeKey('k', selectedArea(area), `Area ${area} selected`));
  report('1M: keystroke j/k in the tree, p50 (pty)', percentile(sorted(tree), 50), 'ms');
  report('1M: keystroke j/k in the tree, p99 (pty)', percentile(sorted(tree), 99), 'ms', '< 30 ms');
  // Onto leaves of 1,000 candidates each: every step opens a tag (questions, candidates, decisions, verdicts).
  await program.timeKey('l', (screen) => screen.includes('▾ Area 1'), 'Area 1 expanded');
  const leaves: number[] = [];
  for (let topic = 1; topic <= 40; topic++) {
    leaves.push(
      await program.timeKey(
        'j',
        (screen) =>
          (screen.includes(`Area 1 > Topic ${topic}\n`) || screen.includes(`Area 1 > Topic ${topic} `)) && screen.includes('Questions 250'),
        `Topic ${topic}`,
      ),
    );
  }
  report('1M: keystroke j onto the next leaf (1,000 candidates), p50 (pty)', percentile(sorted(leaves), 50), 'ms');
  report('1M: keystroke j onto the next leaf (1,000 candidates), p99 (pty)', percentile(sorted(leaves), 99), 'ms', '< 30 ms');
}
