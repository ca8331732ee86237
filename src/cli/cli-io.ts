import { stringifyJson } from '../core/sanitize-text.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Read by `check --input -`; the process's stdin when not given. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** A person at a terminal: the review screen reads keys from stdin and draws on stdout. */
export function isInteractive(io: Pick<CliIO, 'stdout' | 'stdin'>): boolean {
  return (io.stdin ?? process.stdin).isTTY === true && io.stdout.isTTY === true;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), stdin: process.stdin };
}

/**
 * Every `--json` document goes out through here: one line, C1 and bidi controls escaped
 * (core/sanitize-text.ts stringifyJson), so model text in it cannot act on a terminal.
 */
export function printJson(io: Pick<CliIO, 'stdout'>, value: unknown): void {
  io.stdout.write(stringifyJson(value) + '\n');
}
