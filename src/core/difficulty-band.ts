// Difficulty bands of a question by a pass rate (a student's over its probe samples, or the
// teacher's over its candidates): the bands the recipes select by. s1 drops what a small model
// always solves; LIMO keeps what a strong model solves only 1–3 times in 32.

export type DifficultyBand = 'never' | 'rarely' | 'sometimes' | 'always' | 'unknown';

export const DIFFICULTY_BANDS: readonly DifficultyBand[] = ['never', 'rarely', 'sometimes', 'always', 'unknown'];

/** The top of the "rarely" band: 3 of 32, LIMO's, with room for rounding. */
export const RARELY_MAX = 0.1;

export function difficultyBand(passRate: number | null | undefined): DifficultyBand {
  if (passRate === null || passRate === undefined) return 'unknown';
  if (passRate <= 0) return 'never';
  if (passRate <= RARELY_MAX) return 'rarely';
  if (passRate < 1) return 'sometimes';
  return 'always';
}

/** What each band means, for help texts and the stats view. */
export const BAND_MEANING: Readonly<Record<DifficultyBand, string>> = {
  never: 'pass rate 0',
  rarely: `above 0, at most ${RARELY_MAX} (LIMO's 1–3 of 32)`,
  sometimes: `above ${RARELY_MAX}, below 1`,
  always: 'pass rate 1',
  unknown: 'not probed, or no sample could be graded',
};
