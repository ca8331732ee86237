import type { Command } from 'commander';
import { DistillError } from '../../core/distill-error.js';
import { type CliIO, isInteractive } from '../cli-io.js';
import { withProjectOptions } from '../project-options.js';
import { openAsReviewer, type ReviewerOptions, withReviewerOption } from './decide.js';

/** Opens the review TUI on a project folder until the reviewer quits (also `distill demo`'s last step). */
export async function reviewProject(projectDir: string, io: CliIO, as: { reviewer?: string } = {}): Promise<void> {
  if (!isInteractive(io)) {
    throw new DistillError('distill review needs an interactive terminal; for scripts use distill list, show, accept and reject');
  }
  // The TUI, the model client and the offline teacher load only here: every other command starts without them.
  const [{ exportChecks }, { createReviewChecks }, { runReview }, { exportService }, { pipelineGenerator }, { startOfflineForRun }] =
    await Promise.all([
      import('../../checks/project/flag-lookup.js'),
      import('../../tui/services/review-checks.js'),
      import('../../tui/run-review.js'),
      import('../../tui/services/export-service.js'),
      import('../../tui/services/pipeline-generator.js'),
      import('../offline-wiring.js'),
    ]);
  const store = await openAsReviewer({ project: projectDir, ...as }, io);
  try {
    await runReview(store, {
      checks: createReviewChecks(store),
      generator: pipelineGenerator(store, { env: io.env, startOffline: startOfflineForRun }),
      exporter: exportService(store, exportChecks(store)),
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
