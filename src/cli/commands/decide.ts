import { type Command } from 'commander';
import type { CandidateStatus } from '../../core/types.js';
import { UsageError } from '../../core/distill-error.js';
import type { CliIO } from '../cli-io.js';
import { openProject, type ProjectOptions, withProjectOptions } from '../project-options.js';

/** Chooses the candidates `accept --passing` takes; provided by the checks engine. */
export type PassingSelector = (options: ProjectOptions & { keep?: number }, io: CliIO) => Promise<string[]>;

async function record(
  ids: string[],
  status: CandidateStatus,
  reason: string | undefined,
  options: ProjectOptions,
  io: CliIO,
): Promise<void> {
  const store = await openProject(options, io);
  try {
    const unique = [...new Set(ids)];
    const written = unique.length > 0 ? await store.decide(unique.map((id) => ({ id, status, ...(reason ? { reason } : {}) }))) : [];
    if (options.json) io.stdout.write(JSON.stringify({ [status]: written.map((entry) => entry.id) }) + '\n');
    else io.stdout.write(`${status} ${written.length} candidate${written.length === 1 ? '' : 's'}\n`);
  } finally {
    await store.close();
  }
}

export function registerDecide(program: Command, io: CliIO, selectPassing?: PassingSelector): void {
  withProjectOptions(program.command('accept'))
    .description('accept candidates by id, or --passing: the preferred passing candidate of every question')
    .argument('[ids...]', 'candidate ids (as shown by the TUI and check --json)')
    .option('--passing', 'accept the preferred passing candidate(s) of every question that has one')
    .option('--keep <n>', 'with --passing: keep up to N passing candidates per question (default 1)', (value) => {
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError('--keep must be a whole number of at least 1');
      return parsed;
    })
    .action(async (ids: string[], options: ProjectOptions & { passing?: boolean; keep?: number }) => {
      if (options.passing && ids.length > 0) throw new UsageError('give candidate ids or --passing, not both');
      if (!options.passing && ids.length === 0) throw new UsageError('give candidate ids to accept, or --passing');
      if (options.passing) {
        if (!selectPassing) throw new UsageError('accept --passing needs the checks engine, which this build lacks');
        ids = await selectPassing(options, io);
      }
      await record(ids, 'accepted', undefined, options, io);
    });

  withProjectOptions(program.command('reject'))
    .description('reject candidates by id')
    .argument('<ids...>', 'candidate ids')
    .option('--reason <text>', 'why (kept with the decision)')
    .action(async (ids: string[], options: ProjectOptions & { reason?: string }) => {
      await record(ids, 'rejected', options.reason, options, io);
    });
}
