import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type Report } from './report.js';
import { timeDistillCommand } from './whole-command.js';

const RUNS = 3;

/**
 * What a user waits for before any work: whole processes of the cheapest commands,
 * which pay for little more than loading the modules the command uses (each command
 * imports only its own). Medians of three, on the demo's project (`demo --auto`).
 */
export async function benchStartup(report: Report): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'distill-bench-startup-'));
  const project = join(root, 'demo');
  try {
    await timeDistillCommand(['demo', '--auto', '--dir', project]);
    const commands: [string, string[]][] = [
      ['--version', ['--version']],
      ['stats', ['stats', '--project', project]],
      ['list', ['list', '--project', project]],
    ];
    for (const [name, args] of commands) {
      const runs = [];
      for (let run = 0; run < RUNS; run++) runs.push(await timeDistillCommand(args));
      report(`start-up: distill ${name} (whole process, median of ${RUNS})`, median(runs.map((each) => each.seconds)), 's');
      const cpu = runs.map((each) => each.cpuSeconds).filter((each): each is number => each !== null);
      if (cpu.length > 0) report(`  CPU (user + system)`, median(cpu), 's');
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
