// Model objects → one styled row each. Text from models is sanitized here, at the boundary.
import { textLength } from '../../core/candidate-text.js';
import type { Candidate, CandidateStatus, Question } from '../../core/types.js';
import type { CandidateCheck } from '../review-services.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import { stringWidth, truncateToWidth } from '../text-width.js';
import { type QuestionTally, questionState } from './question-tally.js';
import type { Segment, StyledLine } from './styled-text.js';
import type { SubtreeCounts, TreeRow } from './tree-rows.js';
import type { TeamMark } from './team-marks.js';

/** `writing`: a decision made but not yet on disk (no ✓ or ✗ before it is). */
export type RowStatus = CandidateStatus | 'writing';

export const STATUS_GLYPH: Record<RowStatus, Segment> = {
  accepted: { text: '✓', tone: 'accepted' },
  rejected: { text: '✗', tone: 'rejected' },
  pending: { text: '·', tone: 'pending' },
  writing: { text: '◌', tone: 'dim' },
};

/** Beside a candidate's status: double review (the other reviewer's decision hidden; reviewers disagree). */
export const TEAM_GLYPH: Record<TeamMark, Segment> = {
  second: { text: '◐', tone: 'match' },
  disagreement: { text: '≠', tone: 'flag' },
};

/** A candidate row's marks besides status and verdict. */
export interface CandidateRowMarks {
  team?: TeamMark | undefined;
  /** Its question was edited since it was written, and nobody decided it for the new text. */
  stale?: boolean;
}

/** Left part truncated so that the right part stays visible at the row's end. */
export function composeRow(left: Segment[], right: Segment[], width: number): StyledLine {
  const rightWidth = right.reduce((sum, segment) => sum + stringWidth(segment.text), 0);
  const room = width - rightWidth - (rightWidth > 0 ? 1 : 0);
  if (room < 4) return left;
  const out: Segment[] = [];
  let used = 0;
  for (const segment of left) {
    const w = stringWidth(segment.text);
    if (used + w <= room) {
      out.push(segment);
      used += w;
      continue;
    }
    const cut = truncateToWidth(segment.text, Math.max(0, room - used - 1)) + '…';
    out.push({ text: cut, ...(segment.tone ? { tone: segment.tone } : {}) });
    used += stringWidth(cut);
    break;
  }
  out.push({ text: ' '.repeat(Math.max(0, width - used - rightWidth)) });
  return [...out, ...right];
}

/**
 * `matches`: under a filter, the subtree's number of matches (null while some tag of it is not
 * read yet), shown first as `≡N`. `failed`: items of the tag whose generation failed (data/failures.json).
 */
export function formatTreeRow(
  row: TreeRow,
  counts: SubtreeCounts | undefined,
  width: number,
  loading: boolean,
  matches?: number | null,
  failed = 0,
): StyledLine {
  const indent = '  '.repeat(Math.max(0, row.depth - 1));
  const arrow = row.tagId === null ? '◆ ' : row.hasChildren ? (row.expanded ? '▾ ' : '▸ ') : '  ';
  const left: Segment[] = [
    { text: indent + arrow, tone: 'dim' },
    { text: sanitizeLine(row.name), tone: row.tagId === null ? 'heading' : 'normal' },
  ];
  const right: Segment[] = [];
  if (matches !== undefined) right.push({ text: matches === null ? '≡? ' : `≡${matches} `, tone: 'match' });
  if (counts && counts.candidates > 0) {
    right.push({ text: `${counts.accepted}`, tone: 'accepted' }, { text: `/${counts.candidates}`, tone: 'dim' });
    if (counts.rejected > 0) right.push({ text: ` ✗${counts.rejected}`, tone: 'rejected' });
    if (counts.flagged) right.push({ text: ` ⚑${counts.flagged}`, tone: 'flag' });
  } else if (counts && counts.questions > 0) {
    right.push({ text: `${counts.questions}q`, tone: 'dim' });
  }
  if (failed > 0) right.push({ text: ` !${failed}`, tone: 'error' });
  if (loading) right.push({ text: ' …', tone: 'dim' });
  return composeRow(left, right, width);
}

/** `tally` null: the question's candidates are still being read (shown as `…`). */
export function formatQuestionRow(
  question: Question,
  tally: QuestionTally | null,
  marked: boolean,
  width: number,
  writing = false,
): StyledLine {
  const state = tally ? questionState(tally) : 'reading';
  const glyph: Segment = writing
    ? STATUS_GLYPH.writing
    : state === 'reading'
      ? { text: '…', tone: 'dim' }
      : state === 'empty'
        ? { text: '∅', tone: 'dim' }
        : STATUS_GLYPH[state === 'accepted' ? 'accepted' : state === 'rejected' ? 'rejected' : 'pending'];
  const left: Segment[] = [{ text: marked ? '●' : ' ', tone: 'mark' }, glyph, { text: ' ' + sanitizeLine(question.text) }];
  const right: Segment[] = [];
  if (tally && tally.candidates > 0) {
    right.push({ text: `${tally.accepted}`, tone: 'accepted' }, { text: `/${tally.candidates}`, tone: 'dim' });
    if (tally.flagged > 0) right.push({ text: ` ⚑${tally.flagged}`, tone: 'flag' });
  }
  return composeRow(left, right, width);
}

function compactCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  return `${Math.round(n / 1000)}k`;
}

export function formatCandidateRow(
  candidate: Candidate,
  status: RowStatus,
  check: CandidateCheck | undefined,
  marked: boolean,
  width: number,
  marks: CandidateRowMarks = {},
): StyledLine {
  const verdict: Segment = check
    ? check.verdict === 'pass'
      ? { text: 'pass', tone: 'pass' }
      : { text: 'fail', tone: 'flag' }
    : { text: '  ? ', tone: 'dim' };
  const left: Segment[] = [
    { text: marked ? '●' : ' ', tone: 'mark' },
    STATUS_GLYPH[status],
    ...(marks.team ? [TEAM_GLYPH[marks.team]] : []),
    { text: ` #${candidate.sample} ` },
    verdict,
    check?.preferred ? { text: ' ★', tone: 'preferred' } : { text: '  ' },
    // Lengths from the store's list: a huge text is not read to be measured.
    { text: ` ${compactCount(textLength(candidate, 'reasoning'))}+${compactCount(textLength(candidate, 'answer'))}`, tone: 'dim' },
  ];
  // Flags follow the fixed columns rather than being right-aligned: they are the point of the row.
  const flags: Segment[] = [
    ...(marks.stale ? [{ text: ' stale', tone: 'flag' as const }] : []),
    ...(check && check.flags.length > 0 ? [{ text: ' ' + check.flags.map((flag) => flag.rule).join(','), tone: 'flag' as const }] : []),
  ];
  return composeRow([...left, ...flags], [], width);
}
