import { type Command } from 'commander';
import { flagCounts } from '../../checks/project/check-project.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { StoreError } from '../../store/store-error.js';
import type { CliIO } from '../cli-io.js';
import { openProject, type ProjectOptions, withProjectOptions } from '../project-options.js';

export interface ProjectStats {
  tags: number;
  leafTags: number;
  questions: number;
  candidates: number;
  status: { pending: number; accepted: number; rejected: number };
  flags: Record<string, number>;
  /** Generation items that failed after retries and wait for the next run. */
  failed: number;
}

/**
 * Counts from the store's counters: no shard is read, so this is instant at a million candidates.
 * A shard that could not be counted (corrupt) is an error naming it, never a silent undercount.
 */
export async function projectStats(store: ProjectStoreApi, flags: Record<string, number> = {}): Promise<ProjectStats> {
  const [unreadable, ...others] = store.unreadable;
  if (unreadable) {
    throw others.length === 0 ? unreadable : new StoreError(`${unreadable.message} (and ${others.length} more corrupt files)`, { cause: unreadable });
  }
  const tags = store.tags();
  let questions = 0;
  let candidates = 0;
  let accepted = 0;
  let rejected = 0;
  for (const tag of tags) {
    const counts = store.counts(tag.id);
    questions += counts.questions;
    candidates += counts.candidates;
    accepted += counts.accepted;
    rejected += counts.rejected;
  }
  return {
    tags: tags.length,
    leafTags: tags.filter((tag) => store.isLeaf(tag.id)).length,
    questions,
    candidates,
    status: { pending: candidates - accepted - rejected, accepted, rejected },
    flags,
    failed: (await store.failures()).length,
  };
}

/** Flags per rule over the project, from the checks' caches (kept current by auto and check). */
export async function projectFlagCounts(store: ProjectStoreApi): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const tag of store.tags()) {
    if (store.counts(tag.id).candidates === 0) continue;
    for (const [rule, count] of Object.entries(await flagCounts(store, tag.id))) totals[rule] = (totals[rule] ?? 0) + count;
  }
  return totals;
}

export function formatStats(stats: ProjectStats): string {
  const lines = [
    `tags        ${stats.tags} (${stats.leafTags} leaves)`,
    `questions   ${stats.questions}`,
    `candidates  ${stats.candidates}: ${stats.status.accepted} accepted, ${stats.status.rejected} rejected, ${stats.status.pending} pending`,
  ];
  const flagged = Object.entries(stats.flags).filter(([, count]) => count > 0);
  if (flagged.length > 0) lines.push(`flags       ${flagged.map(([rule, count]) => `${rule} ${count}`).join(', ')}`);
  if (stats.failed > 0) lines.push(`failed      ${stats.failed} generation items (run distill auto again to retry them)`);
  return lines.join('\n') + '\n';
}

export function registerStats(program: Command, io: CliIO): void {
  withProjectOptions(program.command('stats').description('counts of tags, questions, candidates, decisions and flags')).action(
    async (options: ProjectOptions) => {
      const store = await openProject(options, io);
      const stats = await projectStats(store, await projectFlagCounts(store));
      await store.close();
      io.stdout.write(options.json ? JSON.stringify(stats) + '\n' : formatStats(stats));
    },
  );
}
