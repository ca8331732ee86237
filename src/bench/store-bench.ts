import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProjectStore } from '../store/project-store.js';
import { percentile, type Report } from './report.js';
import { buildSyntheticProject, type SyntheticShape } from './synthetic-project.js';
import { benchWide } from './wide-bench.js';

export const MILLION_SHAPE: SyntheticShape = {
  topTags: 20,
  subTags: 50,
  questionsPerLeaf: 250,
  candidatesPerQuestion: 4,
  decidedShare: 0.3,
};

/** The 1M-candidate project is built once and reused by later bench runs (it takes a minute). */
export async function millionCandidateProject(workDir: string): Promise<string> {
  const dir = join(workDir, 'million');
  if (existsSync(join(dir, 'distill.json')) && existsSync(join(dir, '.complete'))) return dir;
  await mkdir(workDir, { recursive: true });
  const { rm, writeFile } = await import('node:fs/promises');
  await rm(dir, { recursive: true, force: true });
  process.stdout.write('building a synthetic project of 1,000,000 candidates (once; kept in .bench/)…\n');
  await buildSyntheticProject(dir, MILLION_SHAPE);
  await writeFile(join(dir, '.complete'), '');
  return dir;
}

export async function benchStore(report: Report, workDir: string): Promise<void> {
  const dir = await millionCandidateProject(workDir);
  if (process.env.BENCH_PREPARE_ONLY) return benchWide(report, workDir);

  const child = fileURLToPath(new URL('./open-project-child.js', import.meta.url));
  const opens = [0, 1, 2].map(
    () =>
      JSON.parse(execFileSync(process.execPath, [child, dir], { encoding: 'utf8' })) as { ms: number; rssMb: number; candidates: number },
  );
  const best = opens.sort((a, b) => a.ms - b.ms)[1]!;
  report(`open ${best.candidates.toLocaleString('en-US')}-candidate project to first screen (median of 3)`, best.ms, 'ms', '< 1500 ms');
  report('open: resident memory', best.rssMb, 'MB', '< 1024 MB');

  const store = await ProjectStore.open(dir);
  const leaves = store
    .tags()
    .filter((tag) => store.isLeaf(tag.id))
    .slice(0, 20);
  const ids: string[] = [];
  for (const leaf of leaves) ids.push(...(await store.candidates(leaf.id)).slice(0, 100).map((candidate) => candidate.id));
  const times: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const started = performance.now();
    await store.decide([{ id: ids[i]!, status: i % 2 ? 'accepted' : 'rejected' }]);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  report(`decision persisted (fsync'd), p50 over ${times.length}`, percentile(times, 50), 'ms');
  report(`decision persisted (fsync'd), p99 over ${times.length}`, percentile(times, 99), 'ms', '< 10 ms');
  const refreshStarted = performance.now();
  await store.refresh();
  report('refresh (poll for other processes) over 1,000 tags', performance.now() - refreshStarted, 'ms');
  await store.close();

  // The same store at 50,000 tags, through the real program (stats, the review TUI in a pty).
  await benchWide(report, workDir);
}
