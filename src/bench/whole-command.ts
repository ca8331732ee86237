import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TIME = '/usr/bin/time';

export interface CommandTiming {
  seconds: number;
  /** User + system CPU of the command (null where /usr/bin/time is missing). */
  cpuSeconds: number | null;
  maxRssMb: number | null;
}

/**
 * Runs `node bin/distill.js …args` as a user would, under /usr/bin/time when it is there:
 * the wall time a user waits for (process start, the run, the final check) and its CPU.
 */
export async function timeDistillCommand(args: string[]): Promise<CommandTiming> {
  const bin = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
  const timed = existsSync(TIME);
  const argv = timed ? ['-f', 'time %e %U %S %M', process.execPath, bin, ...args] : [bin, ...args];
  const started = performance.now();
  const child = spawn(timed ? TIME : process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const [code] = (await once(child, 'exit')) as [number | null];
  const seconds = (performance.now() - started) / 1000;
  const match = /time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(stderr);
  if (code !== 0) throw new Error(`distill ${args.join(' ')} exited with ${code}: ${stderr.slice(-400)}`);
  return {
    seconds,
    cpuSeconds: match ? Number(match[2]) + Number(match[3]) : null,
    maxRssMb: match ? Number(match[4]) / 1024 : null,
  };
}
