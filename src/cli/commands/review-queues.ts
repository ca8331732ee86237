import type { Command } from 'commander';
import { listDisagreements, listSecondReviews, type QueuedCandidate } from '../../app/review-queues.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import { UsageError } from '../../core/distill-error.js';
import { type CliIO, printJson } from '../cli-io.js';
import { openProject, type ProjectOptions, withProjectOptions } from '../project-options.js';
import { openAsReviewer, type ReviewerOptions, withReviewerOption } from './decide.js';

const QUESTION_WIDTH = 60;

function clip(text: string): string {
  const line = sanitizeLine(text);
  return line.length > QUESTION_WIDTH ? `${line.slice(0, QUESTION_WIDTH - 1)}…` : line;
}

export function formatDisagreement(item: QueuedCandidate): string {
  const votes = item.votes.map((vote) => `${sanitizeLine(vote.reviewer)} ${vote.status}`).join(' · ');
  return `${item.id}  ${votes}  (in effect: ${item.inEffect})  ${clip(item.question)}`;
}

function parseShare(value: string): number {
  const share = Number(value.endsWith('%') ? value.slice(0, -1) : value) / (value.endsWith('%') ? 100 : 1);
  if (!Number.isFinite(share) || share < 0 || share > 1)
    throw new UsageError('--share is a share of questions from 0 to 1 (or 0% to 100%)');
  return share;
}

export function registerReviewQueues(program: Command, io: CliIO): void {
  withProjectOptions(program.command('disagreements'))
    .description("the adjudicator's queue: candidates whose reviewers disagree (decide them with accept/reject --adjudicate)")
    .action(async (options: ProjectOptions) => {
      const store = await openProject(options, io);
      try {
        const queue = await listDisagreements(store);
        if (options.json) printJson(io, { disagreements: queue });
        else if (queue.length === 0)
          io.stdout.write("no disagreements: every candidate two reviewers decided has one answer, or an adjudicator's\n");
        else
          io.stdout.write(
            queue.map(formatDisagreement).join('\n') + `\n${queue.length} to adjudicate: distill accept|reject ID --adjudicate\n`,
          );
      } finally {
        await store.close();
      }
    });

  withReviewerOption(withProjectOptions(program.command('double-review')))
    .description('show or set the share of questions two reviewers decide; --queue lists what awaits your second review')
    .option('--share <share>', 'share of questions to double-review, 0 to 1 (0 turns it off)', parseShare)
    .option('--queue', 'list the double-reviewed candidates another reviewer decided and you have not')
    .action(async (options: ReviewerOptions & { share?: number; queue?: boolean }) => {
      const store = await openAsReviewer(options, io);
      try {
        if (options.share !== undefined) await store.updateReviewSettings({ ...store.config.review, doubleShare: options.share });
        const share = store.config.review?.doubleShare ?? 0;
        const queue = options.queue ? await listSecondReviews(store, store.reviewer) : null;
        if (options.json) {
          printJson(io, { doubleShare: share, ...(queue ? { reviewer: store.reviewer, queue } : {}) });
          return;
        }
        io.stdout.write(
          share > 0
            ? `double review: ${Math.round(share * 1000) / 10}% of questions\n`
            : 'double review is off (distill double-review --share 0.1 turns it on)\n',
        );
        if (queue) {
          for (const item of queue) io.stdout.write(`${item.id}  ${clip(item.question)}\n`);
          io.stdout.write(
            `${queue.length} candidate${queue.length === 1 ? '' : 's'} await a second review by ${sanitizeLine(store.reviewer)}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
