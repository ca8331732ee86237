import type { Command } from 'commander';
import type { OfflineStarter } from '../../app/connect-pool.js';
import { DistillError } from '../../core/distill-error.js';
import { projectTeachers } from '../../core/teacher-pool-config.js';
import { type CliIO, isInteractive } from '../cli-io.js';
import { withProjectOptions } from '../project-options.js';
import { openAsReviewer, type ReviewerOptions, withReviewerOption } from './decide.js';

/** Opens the review TUI on a project folder until the reviewer quits (also `distill demo`'s last step). */
export async function reviewProject(projectDir: string, io: CliIO, as: { reviewer?: string } = {}): Promise<void> {
  if (!isInteractive(io)) {
    throw new DistillError('distill review needs an interactive terminal; for scripts use distill list, show, accept and reject');
  }
  // The TUI, the model client and the offline teacher load only here: every other command starts without them.
  // The exporter and the generator load their heavy parts on first use, the offline teacher when started.
  const [{ flagLookup }, { createReviewChecks }, { runReview }, { exportService }, { pipelineGenerator }] = await Promise.all([
    import('../../checks/project/flag-lookup.js'),
    import('../../tui/services/review-checks.js'),
    import('../../tui/run-review.js'),
    import('../../tui/services/export-service.js'),
    import('../../tui/services/pipeline-generator.js'),
  ]);
  const startOffline: OfflineStarter = async (teachers) => (await import('../offline-wiring.js')).startOfflineForRun(teachers);
  const store = await openAsReviewer({ project: projectDir, ...as }, io);
  try {
    await runReview(store, {
      checks: createReviewChecks(store),
      generator: pipelineGenerator(store, { env: io.env, startOffline }),
      exporter: exportService(store, { flags: flagLookup(store) }),
      // Failure reasons come from servers and may echo a key: these values are never shown.
      secrets: projectTeachers(store.config)
        .map((teacher) => io.env[teacher.apiKeyEnv ?? 'OPENAI_API_KEY'] ?? '')
        .filter((key) => key !== ''),
    });
  } finally {
    await store.close();
  }
}

export function registerReview(program: Command, io: CliIO): void {
  withReviewerOption(withProjectOptions(program.command('review')))
    .description('the full-screen review TUI (keys: ? for help, q to quit)')
    .action(async (options: ReviewerOptions) => {
      await reviewProject(options.project ?? '.', io, options.reviewer ? { reviewer: options.reviewer } : {});
    });
}
