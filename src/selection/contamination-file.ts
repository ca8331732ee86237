// The project's decontamination findings, `data/contamination.json`: which questions repeat which
// benchmark item. `distill decontaminate` is its one writer (under a lock); the checks read it
// to raise the `contaminated` flag. A run replaces the findings of the benchmarks it names and
// keeps those of others, so benchmarks can be checked one at a time.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { withLock } from '../store/file-lock.js';
import { readDocument, writeDocument } from '../store/json-document.js';
import type { ContaminationMatch, ContaminationSettings } from './contamination-index.js';

/** Benchmark text kept per match: enough to read beside the question, bounded for a large benchmark. */
const MAX_KEPT_TEXT = 2000;

export interface StoredMatch extends ContaminationMatch {
  /** Hash of the question's text when it was matched: an edited question is no longer known to repeat it. */
  questionHash: string;
}

export interface BenchmarkRun {
  file: string;
  items: number;
  checkedAt: string;
  ngram: number;
  ratio: number;
}

export interface ContaminationFile {
  version: 1;
  benchmarks: Record<string, BenchmarkRun>;
  /** Question id → the items it repeats, one per benchmark. */
  matches: Record<string, StoredMatch[]>;
}

export function contaminationPath(projectDir: string): string {
  return join(projectDir, 'data', 'contamination.json');
}

export function questionTextHash(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}

function isContaminationFile(data: unknown): data is ContaminationFile {
  if (!data || typeof data !== 'object') return false;
  const file = data as Partial<ContaminationFile>;
  return file.version === 1 && typeof file.benchmarks === 'object' && typeof file.matches === 'object' && file.matches !== null;
}

export async function readContaminationFile(projectDir: string): Promise<ContaminationFile | null> {
  return readDocument(contaminationPath(projectDir), isContaminationFile, 'not a decontamination findings file');
}

export interface RunFindings {
  settings: ContaminationSettings;
  benchmarks: { name: string; file: string; items: number }[];
  matches: Map<string, StoredMatch>[];
}

/** Replaces the named benchmarks' findings with this run's, keeping the others'. */
export async function recordRun(projectDir: string, run: RunFindings, now = new Date()): Promise<ContaminationFile> {
  const path = contaminationPath(projectDir);
  return withLock(join(projectDir, 'locks', 'contamination.lock'), 'decontaminate', async () => {
    const previous = (await readContaminationFile(projectDir)) ?? { version: 1, benchmarks: {}, matches: {} };
    const names = new Set(run.benchmarks.map((benchmark) => benchmark.name));
    const next: ContaminationFile = { version: 1, benchmarks: {}, matches: {} };
    for (const [name, entry] of Object.entries(previous.benchmarks)) if (!names.has(name)) next.benchmarks[name] = entry;
    for (const benchmark of run.benchmarks) {
      next.benchmarks[benchmark.name] = {
        file: benchmark.file,
        items: benchmark.items,
        checkedAt: now.toISOString(),
        ngram: run.settings.ngram,
        ratio: run.settings.ratio,
      };
    }
    for (const [questionId, matches] of Object.entries(previous.matches)) {
      const kept = matches.filter((match) => !names.has(match.benchmark));
      if (kept.length > 0) next.matches[questionId] = kept;
    }
    for (const perBenchmark of run.matches) {
      for (const [questionId, match] of perBenchmark) {
        const kept = { ...match, text: match.text.slice(0, MAX_KEPT_TEXT) };
        (next.matches[questionId] ??= []).push(kept);
      }
    }
    await writeDocument(path, next);
    return next;
  });
}
