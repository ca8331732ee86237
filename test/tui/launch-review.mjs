// Runs `distill review` from the compiled CLI with only the review command registered, so the
// pty tests do not depend on how the rest of the CLI is wired. Usage: node launch-review.mjs --project DIR
import { Command } from 'commander';
import { registerReview } from '../../dist/cli/commands/review.js';
import { processIO } from '../../dist/cli/cli-io.js';

const program = new Command('distill').exitOverride();
registerReview(program, processIO());
program
  .parseAsync(['review', ...process.argv.slice(2)], { from: 'user' })
  .then(() => process.exit(0))
  .catch((error) => {
    process.stderr.write(`distill: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
