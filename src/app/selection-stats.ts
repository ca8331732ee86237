// What `stats` says about selecting: each stored selection's spread over tags, difficulty and
// length, and each probed student's pass-rate bands over the project's live questions.
import { questionTextHash } from '../core/candidate-identity.js';
import { DIFFICULTY_BANDS, difficultyBand, type DifficultyBand } from '../core/difficulty-band.js';
import { currentProbes, probedTeachers, readProbe, studentPassRate } from '../selection/probe-log.js';
import { listSelections, readSelection } from '../selection/selection-file.js';
import { selectionSpread, type SelectionSpread } from '../selection/selection-spread.js';
import type { ProjectStoreApi } from '../store/store-api.js';

export interface ProbeFigures {
  /** Live questions with at least one sample of their current text. */
  questions: number;
  samples: number;
  bands: Record<DifficultyBand, number>;
}

export interface SelectionStats {
  selections?: Record<string, SelectionSpread>;
  probes?: Record<string, ProbeFigures>;
}

export async function selectionStats(store: ProjectStoreApi): Promise<SelectionStats> {
  const stats: SelectionStats = {};
  const names = await listSelections(store.dir);
  if (names.length > 0) {
    stats.selections = {};
    const tagName = (tagId: string) => store.tagPath(tagId).join(' > ') || tagId;
    for (const name of names) stats.selections[name] = selectionSpread(await readSelection(store.dir, name), tagName);
  }
  const students = await probedTeachers(store.dir);
  if (students.length > 0) {
    const hashes = new Map<string, string>();
    for (const tag of store.tags()) {
      if (store.counts(tag.id).questions === 0) continue;
      for (const question of await store.questions(tag.id)) if (!question.deleted) hashes.set(question.id, questionTextHash(question.text));
    }
    stats.probes = {};
    for (const student of students) {
      const probes = currentProbes((await readProbe(store.dir, student)).byQuestion, hashes);
      const bands = Object.fromEntries(DIFFICULTY_BANDS.map((band) => [band, 0])) as Record<DifficultyBand, number>;
      let samples = 0;
      for (const questionId of hashes.keys()) {
        const probe = probes.get(questionId);
        samples += probe?.samples.size ?? 0;
        bands[difficultyBand(studentPassRate(probe))]++;
      }
      stats.probes[student] = { questions: probes.size, samples, bands };
    }
  }
  return stats;
}

/** Lines for `distill stats`: one block per selection, one line per probed student. */
export function formatSelectionStats(stats: SelectionStats): string[] {
  const lines: string[] = [];
  const bands = (counts: Record<DifficultyBand, number>) =>
    DIFFICULTY_BANDS.filter((band) => counts[band] > 0)
      .map((band) => `${band} ${counts[band]}`)
      .join(', ');
  for (const [student, figures] of Object.entries(stats.probes ?? {})) {
    lines.push(
      `probe       ${student}: ${figures.samples} samples over ${figures.questions} questions; student pass rate ${bands(figures.bands)}`,
    );
  }
  for (const spread of Object.values(stats.selections ?? {})) {
    lines.push(
      `selection   ${spread.name}: ${spread.selected} of ${spread.questions} questions (budget ${spread.budget}, seed ${spread.seed}), median ${spread.medianLength ?? '-'} tokens`,
      `  per tag     ${spread.tags.map((entry) => `${entry.tag.split(' > ').at(-1)} ${entry.count}`).join(', ')}`,
      `  teacher     ${bands(spread.teacherDifficulty)}`,
      ...(spread.studentDifficulty ? [`  student     ${bands(spread.studentDifficulty)}`] : []),
      `  length      ${spread.length
        .filter((bucket) => bucket.count > 0)
        .map((bucket) => `${bucket.bucket} ${bucket.count}`)
        .join(', ')}`,
    );
  }
  return lines;
}
