import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProjectStats } from '../../src/cli/commands/stats.js';
import { cliEnv } from './cli-env.js';
import { runMain } from './run-main.js';

export { cliEnv };

/** The real executable, as `npx distill` runs it (built by `npm test`'s pretest). */
export const DISTILL_BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startCli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [DISTILL_BIN, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? cliEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, result };
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

export async function tempDir(prefix = 'distill-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** stats --json of a project, parsed. In-process: a test reads the counts, it does not test the executable. */
export async function statsOf(project: string, env?: NodeJS.ProcessEnv): Promise<ProjectStats> {
  const result = await runMain(['stats', '--json', '--project', project], { env: env ?? cliEnv() });
  if (result.code !== 0) throw new Error(`stats failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ProjectStats;
}
