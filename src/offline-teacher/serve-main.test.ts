import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../core/package-paths.js';

// The built entry, as users and the CLI tests run it (`npm test` builds dist first).
const SERVE_MAIN = packagePath('dist', 'offline-teacher', 'serve-main.js');

function serve(args: string[]) {
  if (!existsSync(SERVE_MAIN)) throw new Error(`${SERVE_MAIN} is missing: run npm run build first`);
  const child = spawn(process.execPath, [SERVE_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /^listening (\S+)\n/m.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('close', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  return { child, listening, output: () => ({ stdout, stderr }) };
}

describe('serve-main', () => {
  it('runs the offline teacher as its own process with faults from the command line', async () => {
    const faults = JSON.stringify([{ type: 'status', status: 503, times: 1 }]);
    const { child, listening } = serve([
      '--port',
      '0',
      '--reasoning',
      'think-tag',
      '--faults',
      faults,
      '--list-styles',
      'no-structured-output',
    ]);
    try {
      const url = await listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const ask = () =>
        fetch(`${url}/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'What is a tempo run?' }] }),
        });
      expect((await ask()).status).toBe(503);
      const body = (await (await ask()).json()) as { choices: { message: { content: string } }[] };
      expect(body.choices[0]!.message.content.startsWith('<think>\n')).toBe(true);
      const structured = await fetch(`${url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'List JSON' }], response_format: { type: 'json_object' } }),
      });
      expect(structured.status).toBe(400); // --list-styles no-structured-output: a server without it
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    expect(code).toBe(0); // SIGTERM closes the server and the process ends on its own
  });

  it('refuses a bad option with a one-line reason', async () => {
    const { child, listening, output } = serve(['--reasoning', 'sometimes']);
    await expect(listening).rejects.toThrow();
    expect(child.exitCode).toBe(1);
    expect(output().stderr).toBe('offline teacher: --reasoning must be field or think-tag\n');
  });
});
