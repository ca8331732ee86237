import { join } from 'node:path';
import { benchAnswers } from './answers-bench.js';
import { benchChecks } from './checks-bench.js';
import { benchChecksProcess } from './checks-process-bench.js';
import { benchDecontaminate } from './decontaminate-bench.js';
import { benchExport } from './export-bench.js';
import { benchGeneration } from './generation-bench.js';
import { benchStartup } from './generation-startup-bench.js';
import { benchHuge } from './huge-bench.js';
import { benchLanguage } from './language-bench.js';
import { benchLogprobs } from './logprobs-bench.js';
import { benchMillionTui } from './million-tui-bench.js';
import { benchPoolGeneration } from './generation-pool-bench.js';
import { printRow } from './report.js';
import { benchSelection } from './selection-bench.js';
import { benchStore, millionCandidateProject } from './store-bench.js';
import { benchTui } from './tui-bench.js';

// `npm run bench [-- SECTION]`: figures on scaled inputs, printed as numbers (never asserted by tests).
const workDir = join(process.cwd(), '.bench');
const only = process.argv[2];

const sections: [string, () => Promise<void>][] = [
  ['store', () => benchStore(printRow, workDir)],
  ['checks', () => benchChecks(printRow)],
  ['checks-process', () => benchChecksProcess(printRow, workDir, process.argv.includes('--warm'))],
  ['review-million', async () => benchMillionTui(printRow, await millionCandidateProject(workDir))],
  ['language', () => benchLanguage(printRow)],
  ['answers', () => benchAnswers(printRow)],
  ['export', () => benchExport(printRow, workDir)],
  ['tui', () => benchTui(printRow)],
  ['huge', () => benchHuge(printRow, workDir)],
  ['decontaminate', () => benchDecontaminate(printRow)],
  ['selection', async () => benchSelection(printRow, await millionCandidateProject(workDir), workDir)],
  [
    'generation',
    async () => {
      await benchGeneration(printRow);
      await benchPoolGeneration(printRow);
    },
  ],
  ['generation-pool', () => benchPoolGeneration(printRow)],
  ['logprobs', () => benchLogprobs(printRow)],
  ['startup', () => benchStartup(printRow)],
];

if (only && !sections.some(([name]) => name === only)) {
  process.stderr.write(`unknown bench section '${only}'; one of: ${sections.map(([name]) => name).join(', ')}\n`);
  process.exitCode = 2;
} else {
  for (const [name, run] of sections) {
    if (only && only !== name) continue;
    process.stdout.write(`\n== ${name}\n`);
    await run();
  }
}
