// Runs the CLI in-process through main(argv, io), capturing its output and exit code.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { cliEnv } from './run-cli.js';

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runMain(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<MainResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(args, { stdout, stderr, env: options.env ?? cliEnv(), cwd: options.cwd ?? process.cwd() });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out, stderr: err };
}

/** Runs a command that must succeed; its stdout parsed when it printed JSON. */
export async function runJson<T = unknown>(args: string[]): Promise<T> {
  const result = await runMain([...args, '--json']);
  if (result.code !== 0) throw new Error(`distill ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
