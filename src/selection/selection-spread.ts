// How a stored selection spreads over the tags, the difficulty bands and the candidates' lengths:
// what `stats` prints and the TUI's stats view charts. Pure: the caller names the tags.
import { DIFFICULTY_BANDS, difficultyBand, type DifficultyBand } from '../core/difficulty-band.js';
import type { SelectionFile } from './selection-file.js';

/** Upper bounds (estimated tokens) of the length buckets; the last bucket is open. */
const LENGTH_BOUNDS = [256, 512, 1024, 2048, 4096, 8192];

export interface SelectionSpread {
  name: string;
  createdAt: string;
  budget: number;
  seed: number;
  diversity: 'leaf' | 'top';
  selected: number;
  questions: number;
  /** Selected questions per group (leaf or top-level tag path), the largest first. */
  tags: { tag: string; count: number }[];
  /** Selected questions per band of the teacher's pass rate over its candidates. */
  teacherDifficulty: Record<DifficultyBand, number>;
  /** Per band of the student's pass rate; null when the selection read no probe. */
  studentDifficulty: Record<DifficultyBand, number> | null;
  student: string | null;
  /** Selected candidates per length bucket (reasoning + answer tokens). */
  length: { bucket: string; count: number }[];
  medianLength: number | null;
  /** Questions left out, per reason. */
  out: Record<string, number>;
}

function emptyBands(): Record<DifficultyBand, number> {
  return Object.fromEntries(DIFFICULTY_BANDS.map((band) => [band, 0])) as Record<DifficultyBand, number>;
}

export function lengthBucket(tokens: number): number {
  const index = LENGTH_BOUNDS.findIndex((bound) => tokens <= bound);
  return index < 0 ? LENGTH_BOUNDS.length : index;
}

export function lengthBucketLabels(): string[] {
  return [...LENGTH_BOUNDS.map((bound) => `≤${bound >= 1024 ? `${bound / 1024}k` : bound}`), `>${LENGTH_BOUNDS.at(-1)! / 1024}k`];
}

export function selectionSpread(selection: SelectionFile, tagName: (tagId: string) => string): SelectionSpread {
  const perTag = new Map<string, number>();
  const teacher = emptyBands();
  const probed = selection.settings.student !== undefined || selection.items.some((item) => item.studentPassRate !== undefined);
  const student = probed ? emptyBands() : null;
  const buckets = new Array<number>(LENGTH_BOUNDS.length + 1).fill(0);
  for (const item of selection.items) {
    const tag = tagName(item.group);
    perTag.set(tag, (perTag.get(tag) ?? 0) + 1);
    teacher[difficultyBand(item.teacherPassRate)]++;
    if (student) student[difficultyBand(item.studentPassRate)]++;
    buckets[lengthBucket(item.length)]!++;
  }
  const lengths = selection.items.map((item) => item.length).sort((a, b) => a - b);
  const out: Record<string, number> = {};
  for (const reason of Object.values(selection.out)) out[reason] = (out[reason] ?? 0) + 1;
  const labels = lengthBucketLabels();
  return {
    name: selection.name,
    createdAt: selection.createdAt,
    budget: selection.settings.budget,
    seed: selection.settings.seed,
    diversity: selection.settings.diversity,
    selected: selection.items.length,
    questions: selection.funnel.questions,
    tags: [...perTag].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag)),
    teacherDifficulty: teacher,
    studentDifficulty: student,
    student: selection.settings.student ?? null,
    length: buckets.map((count, index) => ({ bucket: labels[index]!, count })),
    medianLength: lengths.length > 0 ? lengths[Math.floor((lengths.length - 1) / 2)]! : null,
    out,
  };
}
