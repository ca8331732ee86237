// Whole-program figures at 50,000 tags, through the real executable: `stats` under
// /usr/bin/time, the review TUI in a pseudo-terminal (first screen, idle CPU, keystrokes).
import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChecked } from './checked-project.js';
import { PtyProgram } from './pty-program.js';
import { percentile, type Report } from './report.js';
import { wideProject } from './wide-project.js';

const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
const IDLE_SECONDS = 30;

/** Wall seconds, CPU seconds (user + system) and peak RSS of one whole command, as /usr/bin/time reports them. */
function runTimed(args: string[]): { seconds: number; cpuSeconds: number; rssMb: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, BIN, ...args], { encoding: 'utf8' });
  const match = /(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)\s*$/.exec(result.stderr.trim());
  if (result.status !== 0 || !match) throw new Error(`distill ${args.join(' ')} failed: ${result.stderr}`);
  return { seconds: Number(match[1]), cpuSeconds: Number(match[2]) + Number(match[3]), rssMb: Number(match[4]) / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const selectedArea = (n: number) => (screen: string) =>
  screen.includes(`Sports science > Area ${n}\n`) || screen.includes(`Sports science > Area ${n} `);

async function openReview(dir: string): Promise<{ program: PtyProgram; ms: number }> {
  const started = performance.now();
  const program = new PtyProgram([BIN, 'review', '--project', dir], { cwd: dir });
  // The first screen: the tree with its counts, the first tag selected, the project counts.
  await program.waitFor((screen) => selectedArea(1)(screen) && /\d+ accepted · \d+ rejected/.test(screen), 'the first screen');
  return { program, ms: performance.now() - started };
}

export async function benchWide(report: Report, workDir: string): Promise<void> {
  const dir = await wideProject(workDir);
  // A project after auto is checked: flag counts and stats come from that check.
  await ensureChecked(BIN, dir, '50,000-tag project');

  await rm(join(dir, 'cache', 'counts.json'), { force: true });
  const cold = runTimed(['stats', '--project', dir]);
  report('50,000 tags: stats, counters cache deleted (whole command)', cold.seconds * 1000, 'ms');
  report('50,000 tags: stats, counters cache deleted, CPU (user + system)', cold.cpuSeconds * 1000, 'ms');
  const warm = [0, 1, 2].map(() => runTimed(['stats', '--project', dir]));
  report('50,000 tags: stats (whole command, median of 3)', median(warm.map((run) => run.seconds)) * 1000, 'ms', '< 2000 ms');
  report('50,000 tags: stats, CPU (user + system, median of 3)', median(warm.map((run) => run.cpuSeconds)) * 1000, 'ms');
  report('50,000 tags: stats, peak RSS', median(warm.map((run) => run.rssMb)), 'MB');

  const opens: number[] = [];
  for (let run = 0; run < 3; run++) {
    const { program, ms } = await openReview(dir);
    opens.push(ms);
    if (run < 2) {
      await program.quit();
      continue;
    }
    // Idle: nothing changes on disk, the screen only waits for keys.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const cpuBefore = program.cpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1_000));
    report('50,000 tags: review TUI idle, CPU of one core', ((program.cpuSeconds() - cpuBefore) / IDLE_SECONDS) * 100, '%', '< 1 %');

    const areaKeys: number[] = [];
    for (let area = 2; area <= 101; area++) areaKeys.push(await program.timeKey('j', selectedArea(area), `Area ${area} selected`));
    report(
      '50,000 tags: keystroke j in the tree, p50 (pty)',
      percentile(
        areaKeys.sort((a, b) => a - b),
        50,
      ),
      'ms',
    );
    report('50,000 tags: keystroke j in the tree, p99 (pty)', percentile(areaKeys, 99), 'ms', '< 30 ms');
    // Into a leaf area: each step opens a tag (its questions, candidates, decisions and checks).
    await program.timeKey('l', (screen) => screen.includes('▾ Area 101'), 'Area 101 expanded');
    const topicKeys: number[] = [];
    for (let topic = 1; topic <= 60; topic++) {
      topicKeys.push(
        await program.timeKey(
          'j',
          (screen) => screen.includes(`Area 101 > Topic ${topic}`) && screen.includes('Questions 1'),
          `Topic ${topic}`,
        ),
      );
    }
    report(
      '50,000 tags: keystroke j onto the next leaf, p99 (pty)',
      percentile(
        topicKeys.sort((a, b) => a - b),
        99,
      ),
      'ms',
      '< 30 ms',
    );
    await program.quit();
  }
  report('50,000 tags: review TUI first screen (whole program, median of 3)', median(opens), 'ms', '< 1500 ms');
}
