// Export of the checked 1,000,000-candidate project (`.bench/million`, as the store bench builds
// it: 200,000 of its 1,000,000 candidates accepted, checked by `distill check`), with the
// manifest's flag counts on: issue 13's figure, in MB/s of the candidate JSONL the export reads.
// In process (the project already open) and as the whole `distill export` command (what the user
// waits for: start-up, opening the project, the flag counts, the manifest), for `--for hf` and
// `--for llama-factory`.
import { readdir, stat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportChecks } from '../checks/project/flag-lookup.js';
import { exportAccepted } from '../export/export-accepted.js';
import { chooseFormat } from '../export/export-targets.js';
import type { ExportTarget } from '../export/export-options.js';
import { ProjectLayout } from '../store/project-layout.js';
import { ProjectStore } from '../store/project-store.js';
import { ensureChecked } from './checked-project.js';
import { median, timeProcess, WHOLE_COMMAND_RUNS, type ProcessFigure } from './export-whole-command.js';
import type { Report } from './report.js';
import { millionCandidateProject } from './store-bench.js';

const BIN = fileURLToPath(new URL('../../bin/distill.js', import.meta.url));
const TARGETS: ExportTarget[] = ['hf', 'llama-factory'];

async function candidateBytes(project: string): Promise<number> {
  const dir = new ProjectLayout(project).candidatesDir;
  const sizes = await Promise.all((await readdir(dir)).map(async (name) => (await stat(join(dir, name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

export async function benchCheckedExport(report: Report, workDir: string): Promise<void> {
  const project = await millionCandidateProject(workDir);
  await ensureChecked(BIN, project, '1M-candidate project');
  const inputMb = (await candidateBytes(project)) / 1e6;
  report('export, checked 1M project: candidate JSONL read', inputMb, 'MB');
  const out = await mkdtemp(join(tmpdir(), 'distill-export-checked-'));
  try {
    const store = await ProjectStore.open(project);
    try {
      for (const target of TARGETS) {
        const choice = chooseFormat(target, undefined, undefined);
        if ('problem' in choice) throw new Error(choice.problem);
        const cpuBefore = process.cpuUsage();
        const result = await exportAccepted(store, {
          target,
          format: choice.format,
          reasoning: choice.reasoning,
          out: join(out, 'in-process', target === 'hf' ? 'hub' : 'train.jsonl'),
          ...exportChecks(store),
        });
        const cpu = process.cpuUsage(cpuBefore);
        const label = `export --for ${target}, checked 1M, flags on`;
        report(`${label}: records`, result.records, 'records');
        report(`${label}, in process: throughput (${result.workers} workers)`, inputMb / (result.elapsedMs / 1000), 'MB/s', '>= 100');
        report(`${label}, in process: CPU (all threads)`, (cpu.user + cpu.system) / 1e6, 's');
        await rm(join(out, 'in-process'), { recursive: true, force: true });
      }
    } finally {
      await store.close();
    }
    for (const target of TARGETS) {
      const runs: ProcessFigure[] = [];
      for (let run = 0; run < WHOLE_COMMAND_RUNS; run++) {
        const targetOut = join(out, 'cli', target === 'hf' ? 'hub' : 'train.jsonl');
        runs.push(await timeProcess(['export', '--project', project, '--for', target, '--out', targetOut]));
        await rm(join(out, 'cli'), { recursive: true, force: true });
      }
      const seconds = median(runs.map((figure) => figure.seconds));
      const label = `export --for ${target}, checked 1M, flags on (whole command)`;
      report(`${label}: wall, median of ${WHOLE_COMMAND_RUNS}`, seconds, 's');
      report(`${label}: throughput`, inputMb / seconds, 'MB/s', '>= 100');
      report(`${label}: CPU (user + sys), median`, median(runs.map((figure) => figure.cpuSeconds)), 's');
      report(`${label}: peak RSS, median`, median(runs.map((figure) => figure.rssMb)), 'MB');
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
