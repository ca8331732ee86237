import { join } from 'node:path';
import { printRow } from './report.js';
import { benchGeneration } from './generation-bench.js';
import { benchStore } from './store-bench.js';

// `npm run bench`: figures on scaled inputs, printed as numbers (never asserted by tests).
const workDir = join(process.cwd(), '.bench');
const only = process.argv[2];

const sections: [string, () => Promise<void>][] = [
  ['store', () => benchStore(printRow, workDir)],
  ['generation', () => benchGeneration(printRow)],
];

for (const [name, run] of sections) {
  if (only && only !== name) continue;
  process.stdout.write(`\n== ${name}\n`);
  await run();
}
