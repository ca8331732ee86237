// The stats view's selection rows: the newest stored selection's spread over its groups (the
// fewest and most drawn from one tag, against the uniform share), over the teacher's (and a
// probed student's) difficulty bands, and its median length. Rows that read whole at 80 columns.
import { DIFFICULTY_BANDS, type DifficultyBand } from '../../core/difficulty-band.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import type { SelectionOverview } from '../../selection/selection-overview.js';
import type { StyledLine } from './styled-text.js';

const BAND_TONES: Partial<Record<DifficultyBand, 'rejected' | 'flag' | 'accepted' | 'dim'>> = {
  never: 'rejected',
  rarely: 'flag',
  sometimes: 'accepted',
  always: 'dim',
  unknown: 'dim',
};

export function selectionStatsLines(overview: SelectionOverview): StyledLine[] {
  const { spread, groups, uniformShare, fewest, most } = overview;
  const per = spread.diversity === 'leaf' ? 'leaf tag' : 'top-level tag';
  const even = most.count - fewest.count <= 1;
  const head: StyledLine = [
    { text: ' Selection ', tone: 'heading' },
    { text: `${sanitizeLine(spread.name)}: ${spread.selected} of ${spread.questions} questions` },
    { text: ` · budget ${spread.budget}, seed ${spread.seed}`, tone: 'dim' },
    ...(overview.stored > 1 ? [{ text: ` · newest of ${overview.stored}`, tone: 'dim' as const }] : []),
  ];
  const share: StyledLine = [
    { text: `   per ${per} `, tone: 'heading' },
    { text: `${fewest.count}–${most.count} over ${groups}, uniform ${formatShare(uniformShare)}` },
    { text: even ? ' (within one)' : ' (uneven)', tone: even ? 'accepted' : 'flag' },
    { text: ` · most ${tagLeaf(most.tag)} ${most.count}`, tone: 'dim' },
    ...(most.tag === fewest.tag ? [] : [{ text: ` · fewest ${tagLeaf(fewest.tag)} ${fewest.count}`, tone: 'dim' as const }]),
  ];
  const difficulty: StyledLine = [
    { text: '   teacher pass rate ', tone: 'heading' },
    ...bandSegments(spread.teacherDifficulty),
    ...(spread.studentDifficulty ? [{ text: ' · student ', tone: 'heading' as const }, ...bandSegments(spread.studentDifficulty)] : []),
    ...(spread.medianLength === null ? [] : [{ text: ` · median ${spread.medianLength} tokens`, tone: 'dim' as const }]),
  ];
  return [head, share, difficulty];
}

function bandSegments(counts: Record<DifficultyBand, number>): StyledLine {
  const shown = DIFFICULTY_BANDS.filter((band) => counts[band] > 0);
  return shown.flatMap((band, index) => [
    ...(index > 0 ? [{ text: ', ' }] : []),
    { text: `${band} ${counts[band]}`, tone: BAND_TONES[band] ?? 'normal' },
  ]);
}

function tagLeaf(path: string): string {
  return sanitizeLine(path.split(' > ').at(-1) ?? path).slice(0, 24);
}

function formatShare(share: number): string {
  return Number.isInteger(share) ? String(share) : share.toFixed(1);
}
