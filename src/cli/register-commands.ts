import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { curateAndExport } from './demo-curation.js';
import { registerBatch } from './commands/batch.js';
import { registerCheck, selectPassingCandidates } from './commands/check.js';
import { registerDecide } from './commands/decide.js';
import { registerDecontaminate } from './commands/decontaminate.js';
import { registerDemo } from './commands/demo.js';
import { registerExport } from './commands/export.js';
import { registerFailures } from './commands/failures.js';
import { registerGenerate } from './commands/generate.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerJudge } from './commands/judge.js';
import { registerList } from './commands/list.js';
import { registerReview, reviewProject } from './commands/review.js';
import { registerReviewQueues } from './commands/review-queues.js';
import { registerSelect } from './commands/select.js';
import { registerShow } from './commands/show.js';
import { registerStats } from './commands/stats.js';
import { registerTeacher } from './commands/teacher.js';
import { registerTree } from './commands/tree.js';

/** Every command of the README's Commands table, in the order `distill --help` lists them. */
export function registerCommands(program: Command, io: CliIO): void {
  registerInit(program, io);
  registerTeacher(program, io);
  registerGenerate(program, io);
  registerImport(program, io);
  registerFailures(program, io);
  registerCheck(program, io);
  registerTree(program, io);
  registerList(program, io);
  registerShow(program, io);
  registerReview(program, io);
  registerDecide(program, io, selectPassingCandidates);
  registerReviewQueues(program, io);
  registerDecontaminate(program, io);
  registerJudge(program, io);
  registerSelect(program, io);
  registerExport(program, io);
  registerStats(program, io);
  registerDemo(program, io, { review: reviewProject, curateAndExport });
  registerBatch(program, io);
}
