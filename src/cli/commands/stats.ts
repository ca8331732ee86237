import { type Command } from 'commander';
import { reviewStats, type ReviewStats } from '../../app/review-stats.js';
import { projectFlagCounts } from '../../checks/project/check-project.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { StoreError } from '../../store/store-error.js';
import { teacherFigures, type TeacherFigures } from '../../app/teacher-stats.js';
import { formatJudgeAgreement, judgeAgreement, type JudgeAgreement } from '../../app/judge-agreement.js';
import { formatSelectionStats, selectionStats, type SelectionStats } from '../../app/selection-stats.js';
import { formatUsd } from '../../pipeline/spending.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import { type CliIO, printJson } from '../cli-io.js';
import { openProject, type ProjectOptions, withProjectOptions } from '../project-options.js';

export interface ProjectStats extends Partial<ReviewStats>, SelectionStats {
  tags: number;
  leafTags: number;
  questions: number;
  candidates: number;
  status: { pending: number; accepted: number; rejected: number };
  flags: Record<string, number>;
  /** Generation items that failed after retries and wait for the next run. */
  failed: number;
  /** Per pool teacher (candidates from before pools count as `default`). */
  teachers: Record<string, TeacherFigures>;
  /** US dollars at the teachers' prices; null when no teacher with candidates has a price. */
  cost: number | null;
  /** The LLM judge's verdicts and how often it agrees with the reviewers; absent when nothing was judged. */
  judge?: JudgeAgreement;
}

/**
 * Counts from the store's counters: no shard is read, so this is instant at a million candidates.
 * A shard that could not be counted (corrupt) is an error naming it, never a silent undercount.
 */
export async function projectStats(
  store: ProjectStoreApi,
  flags: Record<string, number> = {},
  teachers: { teachers: Record<string, TeacherFigures>; cost: number | null } = { teachers: {}, cost: null },
): Promise<ProjectStats> {
  const [unreadable, ...others] = store.unreadable;
  if (unreadable) {
    throw others.length === 0
      ? unreadable
      : new StoreError(`${unreadable.message} (and ${others.length} more corrupt files)`, { cause: unreadable });
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
    teachers: teachers.teachers,
    cost: teachers.cost,
  };
}

export function formatStats(stats: ProjectStats): string {
  const lines = [
    `tags        ${stats.tags} (${stats.leafTags} leaves)`,
    `questions   ${stats.questions}`,
    `candidates  ${stats.candidates}: ${stats.status.accepted} accepted, ${stats.status.rejected} rejected, ${stats.status.pending} pending`,
  ];
  const flagged = Object.entries(stats.flags).filter(([, count]) => count > 0);
  if (flagged.length > 0) lines.push(`flags       ${flagged.map(([rule, count]) => `${rule} ${count}`).join(', ')}`);
  const pool = Object.entries(stats.teachers);
  if (pool.length > 1 || stats.cost !== null) lines.push(...formatTeachers(stats));
  if (stats.failed > 0)
    lines.push(
      `failed      ${stats.failed} generation items (distill failures lists them with why; distill failures --retry asks for them again)`,
    );
  lines.push(...formatReviewStats(stats));
  if (stats.judge) lines.push(...formatJudgeAgreement(stats.judge));
  lines.push(...formatSelectionStats(stats).map(sanitizeLine));
  return lines.join('\n') + '\n';
}

function formatTeachers(stats: ProjectStats): string[] {
  const rows = Object.entries(stats.teachers).map(([name, figures]) => {
    const share = (part: number) => (figures.candidates > 0 ? `${Math.round((part / figures.candidates) * 100)}%` : '-');
    const cost = figures.cost !== null ? formatUsd(figures.cost) : '-';
    const latency = figures.latencyMs !== null ? `${(figures.latencyMs / 1000).toFixed(1)} s` : '-';
    return [
      sanitizeLine(name),
      String(figures.candidates),
      share(figures.passing),
      String(figures.accepted),
      figures.tokens.toLocaleString('en-US'),
      cost,
      latency,
    ];
  });
  const head = ['teacher', 'candidates', 'passing', 'accepted', 'tokens', 'cost', 'latency'];
  const widths = head.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (row: string[]) =>
    '  ' + row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  const lines = ['teachers', format(head), ...rows.map(format)];
  if (stats.cost !== null) lines.push(`cost        ${formatUsd(stats.cost)} at the teachers' prices`);
  return lines;
}

function formatReviewStats(stats: ProjectStats): string[] {
  const lines: string[] = [];
  const reviewers = Object.entries(stats.reviewers ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (reviewers.length > 0) {
    lines.push(
      `reviewers   ${reviewers.map(([name, counts]) => `${sanitizeLine(name)} ${counts.accepted} accepted, ${counts.rejected} rejected`).join('; ')}`,
    );
  }
  const agreement = stats.agreement;
  if (agreement && agreement.pairs > 0) {
    const kappa = (value: number | null) => (value === null ? 'κ n/a' : `κ ${value.toFixed(2)}`);
    lines.push(
      `agreement   ${kappa(agreement.kappa)} over ${agreement.pairs} double-reviewed candidates (${Math.round((agreement.observed ?? 0) * 100)}% the same)`,
    );
    const rules = Object.entries(agreement.perRule).map(([rule, value]) => `${rule} ${kappa(value.kappa)} (${value.pairs})`);
    if (rules.length > 0) lines.push(`            by flag: ${rules.join(', ')}`);
  }
  const review = stats.review;
  if (review && review.doubleShare > 0) {
    lines.push(
      `double      ${Math.round(review.doubleShare * 100)}% of questions: ${review.awaitingSecond} candidates await a second reviewer`,
    );
  }
  if (review && review.disagreements > 0)
    lines.push(`disputed    ${review.disagreements} candidates where reviewers disagree (distill disagreements lists them)`);
  const { gone = 0, changed = 0, stale = 0 } = review?.setAside ?? {};
  if (gone + changed + stale > 0) {
    const parts = [
      changed > 0 ? `${changed} on candidates regenerated since (another text under the same id)` : '',
      gone > 0 ? `${gone} on candidates no longer in their shard` : '',
      stale > 0 ? `${stale} on answers to questions edited since (an undo of the edit restores them)` : '',
    ].filter((part) => part !== '');
    lines.push(`set aside   decisions not applied: ${parts.join('; ')}`);
  }
  return lines;
}

export function registerStats(program: Command, io: CliIO): void {
  withProjectOptions(program.command('stats').description('counts of tags, questions, candidates, decisions and flags')).action(
    async (options: ProjectOptions) => {
      const store = await openProject(options, io);
      // Flags per rule from the checks' caches (kept current by auto and check).
      const stats: ProjectStats = {
        ...(await projectStats(store, await projectFlagCounts(store), await teacherFigures(store))),
        ...(await reviewStats(store)),
        ...(await selectionStats(store)),
      };
      const judge = await judgeAgreement(store);
      if (judge) stats.judge = judge;
      await store.close();
      if (options.json) printJson(io, stats);
      else io.stdout.write(formatStats(stats));
    },
  );
}
