import { type Command, InvalidArgumentError } from 'commander';
import { reviewerNameProblem } from '../../core/reviewer-name.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import type { CandidateStatus } from '../../core/types.js';
import { UsageError } from '../../core/distill-error.js';
import { parseItemId } from '../../core/ids.js';
import { ProjectStore } from '../../store/project-store.js';
import type { UndoOutcome } from '../../store/store-api.js';
import { type CliIO, printJson } from '../cli-io.js';
import { projectDir, type ProjectOptions, withProjectOptions } from '../project-options.js';

/** Chooses the candidates `accept --passing` takes; provided by the checks engine. */
export type PassingSelector = (options: ProjectOptions & { keep?: number }, io: CliIO) => Promise<string[]>;

export interface ReviewerOptions extends ProjectOptions {
  reviewer?: string;
  adjudicate?: boolean;
}

export function parseReviewer(value: string): string {
  const problem = reviewerNameProblem(value);
  if (problem) throw new InvalidArgumentError(`${problem}.`);
  return value;
}

/** `--reviewer NAME` (every decision records who made it, README, Commands). */
export function withReviewerOption(command: Command): Command {
  return command.option('--reviewer <name>', 'record decisions as NAME (default: your login name)', parseReviewer);
}

export function openAsReviewer(options: ReviewerOptions, io: CliIO): Promise<ProjectStore> {
  return ProjectStore.open(projectDir(options, io), options.reviewer ? { reviewer: options.reviewer } : {});
}

async function record(
  ids: string[],
  status: CandidateStatus,
  reason: string | undefined,
  options: ReviewerOptions,
  io: CliIO,
): Promise<void> {
  const store = await openAsReviewer(options, io);
  try {
    const unique = [...new Set(ids)];
    const stale = await staleAmong(store, unique);
    const written =
      unique.length > 0
        ? await store.decide(
            unique.map((id) => ({ id, status, ...(reason ? { reason } : {}) })),
            options.adjudicate ? { adjudicate: true } : {},
          )
        : [];
    if (options.json) {
      printJson(io, {
        [status]: written.map((entry) => entry.id),
        reviewer: store.reviewer,
        ...(options.adjudicate ? { adjudicated: true } : {}),
      });
      return;
    }
    const role = options.adjudicate ? 'adjudicator' : 'reviewer';
    io.stdout.write(`${status} ${written.length} candidate${written.length === 1 ? '' : 's'} as ${role} ${sanitizeLine(store.reviewer)}\n`);
    if (stale > 0) {
      io.stdout.write(`${stale} of them answer a question edited since they were written: ${status} for the question as it reads now\n`);
    }
  } finally {
    await store.close();
  }
}

async function staleAmong(store: ProjectStore, ids: readonly string[]): Promise<number> {
  const byTag = new Map<string, string[]>();
  for (const id of ids) {
    const tagId = parseItemId(id)?.tagId;
    if (tagId) byTag.set(tagId, [...(byTag.get(tagId) ?? []), id]);
  }
  let count = 0;
  for (const [tagId, tagIds] of byTag) {
    if (!store.tag(tagId)) continue;
    const stale = await store.staleCandidates(tagId);
    count += tagIds.filter((id) => stale.has(id)).length;
  }
  return count;
}

export function registerDecide(program: Command, io: CliIO, selectPassing?: PassingSelector): void {
  withReviewerOption(withProjectOptions(program.command('accept')))
    .description('accept candidates by id, or --passing: the preferred passing candidate of every question')
    .argument('[ids...]', 'candidate ids (distill list shows them)')
    .option('--passing', 'accept the preferred passing candidate(s) of every question that has one')
    .option('--keep <n>', 'with --passing: keep up to N passing candidates per question (default 1)', (value) => {
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError('--keep must be a whole number of at least 1');
      return parsed;
    })
    .option('--adjudicate', 'decide as adjudicator: final, whatever the reviewers said')
    .action(async (ids: string[], options: ReviewerOptions & { passing?: boolean; keep?: number }) => {
      if (options.passing && ids.length > 0) throw new UsageError('give candidate ids or --passing, not both');
      if (!options.passing && ids.length === 0) throw new UsageError('give candidate ids to accept, or --passing');
      if (options.passing && options.adjudicate)
        throw new UsageError('--adjudicate decides named candidates; it does not go with --passing');
      if (options.passing) {
        if (!selectPassing) throw new UsageError('accept --passing needs the checks engine, which this build lacks');
        ids = await selectPassing(options, io);
      }
      await record(ids, 'accepted', undefined, options, io);
    });

  withReviewerOption(withProjectOptions(program.command('reject')))
    .description('reject candidates by id')
    .argument('<ids...>', 'candidate ids')
    .option('--reason <text>', 'why (kept with the decision)')
    .option('--adjudicate', 'decide as adjudicator: final, whatever the reviewers said')
    .action(async (ids: string[], options: ReviewerOptions & { reason?: string }) => {
      await record(ids, 'rejected', options.reason, options, io);
    });

  withReviewerOption(withProjectOptions(program.command('undo')))
    .description("revert your latest decision step (from the journal); another reviewer's decisions are never changed")
    .action(async (options: ReviewerOptions) => {
      const store = await openAsReviewer(options, io);
      try {
        const [step] = await store.undoHistory(store.reviewer, 1);
        const outcome: UndoOutcome = step ? await store.undo(step) : { undone: [], skipped: [], othersSince: [] };
        if (options.json) printJson(io, { reviewer: store.reviewer, ...(step ? { step: step.at } : {}), ...outcome });
        else io.stdout.write(describeUndo(store.reviewer, step?.at, outcome));
      } finally {
        await store.close();
      }
    });
}

export function describeUndo(reviewer: string, at: string | undefined, outcome: UndoOutcome): string {
  const name = sanitizeLine(reviewer);
  if (at === undefined) return `nothing to undo: ${name} has no decision left to revert\n`;
  const lines = [`undone ${outcome.undone.length} decision${outcome.undone.length === 1 ? '' : 's'} of ${name} made ${at}`];
  for (const entry of outcome.undone.slice(0, 20)) lines.push(`  ${entry.id} is back to ${entry.status} for ${name}`);
  if (outcome.undone.length > 20) lines.push(`  … and ${outcome.undone.length - 20} more`);
  for (const later of outcome.othersSince) {
    lines.push(`  ${later.id}: ${sanitizeLine(later.reviewer || 'an unrecorded reviewer')} ${later.status} it since; that decision stands`);
  }
  return lines.join('\n') + '\n';
}
