// The CLI in this process: main(argv, io) with captured output. Faster than spawning
// bin/distill.js; tests about signals, kill -9 or the real exit code still spawn it.
import { Writable } from 'node:stream';
import type { ProjectStats } from '../../src/cli/commands/stats.js';
import { main } from '../../src/cli/main.js';
import { cliEnv } from './cli-env.js';

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stderr lines with the milliseconds since the start at which each was written. */
  stderrLines: { atMs: number; text: string }[];
}

export async function runMain(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<MainResult> {
  const started = performance.now();
  let out = '';
  let err = '';
  let partial = '';
  const stderrLines: MainResult['stderrLines'] = [];
  const stdout = sink((text) => (out += text));
  const stderr = sink((text) => {
    err += text;
    partial += text;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) stderrLines.push({ atMs: performance.now() - started, text: line });
  });
  const code = await main(args, { stdout, stderr, env: options.env ?? cliEnv(), cwd: options.cwd ?? process.cwd() });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out, stderr: err, stderrLines };
}

function sink(onText: (text: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      onText(chunk.toString());
      callback();
    },
  });
}

/** Runs a command that must succeed; its stdout parsed when it printed JSON. */
export async function runJson<T = unknown>(args: string[]): Promise<T> {
  const result = await runMain([...args, '--json']);
  if (result.code !== 0) throw new Error(`distill ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** stats --json of a project, parsed (in-process). */
export async function statsInProcess(project: string, env?: NodeJS.ProcessEnv): Promise<ProjectStats> {
  const result = await runMain(['stats', '--json', '--project', project], env ? { env } : {});
  if (result.code !== 0) throw new Error(`stats failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ProjectStats;
}
