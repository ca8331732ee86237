import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIO } from './cli-io.js';
import { main } from './main.js';
import { COMMAND_MODULES } from './register-commands.js';

function quietIO(): { io: CliIO; out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { io: { stdout, stderr: new PassThrough(), env: {}, cwd: process.cwd() }, out: () => text };
}

describe('lazy command registration', () => {
  it('each module registers exactly the top-level commands its entry names', async () => {
    for (const module of COMMAND_MODULES) {
      const program = new Command('distill');
      (await module.load())(program, quietIO().io);
      expect(program.commands.map((command) => command.name())).toEqual(module.names);
    }
  });

  it('--help still lists every command, and a command alone still has its own help', async () => {
    const all = quietIO();
    expect(await main(['--help'], all.io)).toBe(0);
    for (const name of COMMAND_MODULES.flatMap((module) => module.names)) expect(all.out()).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const one = quietIO();
    expect(await main(['check', '--help'], one.io)).toBe(0);
    expect(one.out()).toContain('--rules <file>');
  });

  it('--version and a bare distill work without any command registered', async () => {
    const version = quietIO();
    expect(await main(['--version'], version.io)).toBe(0);
    expect(version.out().trim()).toBe('0.1.0');
    const stderr = new PassThrough();
    let said = '';
    stderr.on('data', (chunk: Buffer) => (said += chunk.toString('utf8')));
    const outside = { ...quietIO().io, stderr, cwd: '/' };
    expect(await main([], outside)).toBe(2);
    expect(said).toContain('not inside a distill project');
  });
});
