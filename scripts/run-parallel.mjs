// Runs npm scripts side by side and fails if any fails:
//   node scripts/run-parallel.mjs vitest-run --idle typecheck-and-lint format:check
// Scripts before `--idle` run at normal priority with their output live. Scripts after it run at the
// lowest CPU priority, so they take mostly the CPU the others leave (a test waiting on a server, a
// pty or a child process); their output is buffered and printed whole at the end, never interleaved.
// They still slow vitest somewhat (shared cores and caches): on two cores the whole run was about as
// long as running them first, so this saves little wall time; tests must not depend on an idle machine.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const LOWEST_PRIORITY = 19;

// Re-entered as `run-parallel.mjs --as-idle NAME`: lower this process first, so npm and everything it
// starts inherit the low priority from the fork (setting it on a child after spawn would race its children).
if (process.argv[2] === '--as-idle') {
  setPriority(LOWEST_PRIORITY);
  const child = spawn(npm, ['run', '--silent', process.argv[3]], { stdio: 'inherit' });
  child.on('close', (code) => process.exit(code ?? 1));
} else {
  const args = process.argv.slice(2);
  const split = args.indexOf('--idle');
  const live = split === -1 ? args : args.slice(0, split);
  const idle = split === -1 ? [] : args.slice(split + 1);
  const results = await Promise.all([...live.map((name) => run(name, false)), ...idle.map((name) => run(name, true))]);
  for (const result of results) {
    const seconds = ((result.ended - result.started) / 1000).toFixed(1);
    process.stdout.write(`> ${result.name}: ${result.code === 0 ? 'ok' : `failed (exit ${result.code})`} in ${seconds} s\n`);
    if (result.output.trim() !== '') process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
  }
  const failed = results.filter((result) => result.code !== 0).map((result) => result.name);
  if (failed.length > 0) {
    process.stderr.write(`failed: ${failed.join(', ')}\n`);
    process.exit(1);
  }
}

function run(name, atIdle) {
  const started = Date.now();
  const [command, args] = atIdle ? [process.execPath, [process.argv[1], '--as-idle', name]] : [npm, ['run', '--silent', name]];
  // A live script writes straight to the terminal (vitest's progress); an idle one is captured.
  const child = spawn(command, args, { stdio: atIdle ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ name, code: 1, output: `${output}${error.message}\n`, started, ended: Date.now() }));
    child.on('close', (code) => resolve({ name, code: code ?? 1, output, started, ended: Date.now() }));
  });
}
