// `distill decontaminate`: every live question of the project against each benchmark (and earlier
// exports), the findings recorded in data/contamination.json for the `contaminated` rule.
import type { ProjectStoreApi } from '../store/store-api.js';
import { ContaminationIndex, type Benchmark, type ContaminationSettings } from './contamination-index.js';
import { questionTextHash, recordRun, type StoredMatch } from './contamination-file.js';

export interface BenchmarkSource extends Benchmark {
  file: string;
}

export interface DecontaminationSummary {
  questions: number;
  benchmarks: { name: string; file: string; items: number; contaminated: number }[];
  /** Questions that repeat an item of any benchmark given. */
  contaminated: number;
  /** Up to 20 of them, for the summary. */
  examples: { questionId: string; question: string; match: StoredMatch }[];
}

export interface DecontaminateOptions {
  settings: ContaminationSettings;
  onProgress?: (done: number, total: number) => void;
}

export async function decontaminateProject(
  store: ProjectStoreApi,
  benchmarks: readonly BenchmarkSource[],
  options: DecontaminateOptions,
): Promise<DecontaminationSummary> {
  const indexes = benchmarks.map((benchmark) => new ContaminationIndex([benchmark], options.settings));
  const found = benchmarks.map(() => new Map<string, StoredMatch>());
  const contaminated = new Set<string>();
  const examples: DecontaminationSummary['examples'] = [];
  const tags = store.tags().filter((tag) => store.counts(tag.id).questions > 0);
  let questions = 0;
  for (const [done, tag] of tags.entries()) {
    for (const question of await store.questions(tag.id)) {
      if (question.deleted) continue;
      questions++;
      indexes.forEach((index, b) => {
        const match = index.match(question.text);
        if (!match) return;
        const stored: StoredMatch = { ...match, questionHash: questionTextHash(question.text) };
        found[b]!.set(question.id, stored);
        if (!contaminated.has(question.id) && examples.length < 20)
          examples.push({ questionId: question.id, question: question.text, match: stored });
        contaminated.add(question.id);
      });
    }
    options.onProgress?.(done + 1, tags.length);
  }
  await recordRun(store.dir, {
    settings: options.settings,
    benchmarks: benchmarks.map((benchmark, b) => ({ name: benchmark.name, file: benchmark.file, items: indexes[b]!.size })),
    matches: found,
  });
  return {
    questions,
    benchmarks: benchmarks.map((benchmark, b) => ({
      name: benchmark.name,
      file: benchmark.file,
      items: indexes[b]!.size,
      contaminated: found[b]!.size,
    })),
    contaminated: contaminated.size,
    examples,
  };
}
