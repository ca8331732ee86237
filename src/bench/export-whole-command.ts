// One whole `distill export` command under GNU time, as the export benches measure what the user
// waits for, and the median of a few such runs.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Whole-command runs per figure (BENCH_RUNS; at 1M one run is about a minute). */
export const WHOLE_COMMAND_RUNS = Number(process.env.BENCH_RUNS ?? 3);

export interface ProcessFigure {
  seconds: number;
  /** User + system CPU seconds: on a shared, busy machine, what the command costs apart from waiting for a core. */
  cpuSeconds: number;
  rssMb: number;
}

const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));

/** One whole process under GNU time: wall-clock seconds and peak resident memory. */
export async function timeProcess(args: string[]): Promise<ProcessFigure> {
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

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
