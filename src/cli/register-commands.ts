import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { registerDemo } from './commands/demo.js';
import { registerGenerate } from './commands/generate.js';
import { registerInit } from './commands/init.js';
import { registerDecide } from './commands/decide.js';
import { registerStats } from './commands/stats.js';

/** Every command of CONTRACT.md, in the order `distill --help` lists them. */
export function registerCommands(program: Command, io: CliIO): void {
  registerInit(program, io);
  registerGenerate(program, io);
  registerStats(program, io);
  registerDecide(program, io);
  registerDemo(program, io, {});
}
