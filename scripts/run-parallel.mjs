// Runs npm scripts side by side (`node scripts/run-parallel.mjs typecheck lint format:check`) and fails
// if any fails. npm test's static checks are single-threaded; on two cores they finish in the time of
// the longest instead of the sum. Each script's output is printed whole when it ends, never interleaved.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, code: 1, output: `${output}${error.message}\n`, started }));
    child.on('close', (code) => resolve({ name, code: code ?? 1, output, started }));
  }).then((result) => {
    const seconds = ((Date.now() - result.started) / 1000).toFixed(1);
    process.stdout.write(`> ${result.name}: ${result.code === 0 ? 'ok' : `failed (exit ${result.code})`} in ${seconds} s\n`);
    if (result.output.trim() !== '') process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
    return result;
  });
}

const results = await Promise.all(names.map(run));
const failed = results.filter((result) => result.code !== 0).map((result) => result.name);
if (failed.length > 0) {
  process.stderr.write(`failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
