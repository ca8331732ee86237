// Which candidates (and so which questions and tags) the review queue shows: a filter is one
// field of the table below and one of its values. A new kind of filter (selection, a score band)
// is one more entry in FILTER_FIELDS: the menu, the lists, the tree's counts and `]`/`[` all
// follow from it.
import type { Candidate, Decision, Question } from '../../core/types.js';
import type { CandidateCheck } from '../review-services.js';
import { projectTeachers } from '../../core/teacher-pool-config.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { TagSnapshot } from './review-data.js';
import { BAND_MEANING, DIFFICULTY_BANDS, type DifficultyBand } from '../../core/difficulty-band.js';
import { selectionMarks, studentBandOf } from '../services/selection-marks.js';

// Every rule of the checks' table is offered by the filter menu, even before any candidate has it.
import { RULE_TABLE } from '../../checks/rules/rule-table.js';
import { projectReviewers } from './project-reviewers.js';

export type Filter = { kind: 'all' } | { kind: 'match'; field: string; value: string };

export const ALL: Filter = { kind: 'all' };

/** What a filter sees of one candidate: everything the screen has loaded about it. */
export interface FilterItem {
  candidate: Candidate;
  question: Question | undefined;
  decision: Decision | undefined;
  check: CandidateCheck | undefined;
}

/** What the counters know of a tag without reading its shards. */
export interface TagTotals {
  candidates: number;
  accepted: number;
  rejected: number;
  /** From the checks' last full run; undefined when unknown. */
  flagged: number | undefined;
}

export interface FilterField {
  id: string;
  /** The values the menu offers, in order (a rule id, a teacher's name, …). */
  values(store: ProjectStoreApi): string[];
  /** A menu hotkey for some values. */
  hotkeys?: Record<string, string>;
  /** What the value means, beside it in the menu. */
  describe?(value: string): string | undefined;
  matches(value: string, item: FilterItem): boolean;
  /** The tag's number of matches from its counters, when they tell it exactly (no shard is read). */
  countFromTotals?(value: string, totals: TagTotals): number | undefined;
  /**
   * Whether the item's match depends on its verdict (absent: never). A walk decides matches that
   * do not before the tag's verdicts are read.
   */
  needsVerdict?(value: string, item: FilterItem): boolean;
}

const statusOfItem = (item: FilterItem) => item.decision?.status ?? 'pending';
const isFlagged = (item: FilterItem) => (item.check?.flags.length ?? 0) > 0;

export const FILTER_FIELDS: readonly FilterField[] = [
  {
    id: 'status',
    values: () => ['pending', 'accepted', 'rejected'],
    hotkeys: { pending: 'u', accepted: 'y', rejected: 'x' },
    matches: (value, item) => statusOfItem(item) === value,
    countFromTotals: (value, totals) =>
      value === 'accepted'
        ? totals.accepted
        : value === 'rejected'
          ? totals.rejected
          : totals.candidates - totals.accepted - totals.rejected,
  },
  {
    id: 'verdict',
    values: () => ['flagged', 'passing'],
    hotkeys: { flagged: 'f', passing: 'p' },
    matches: (value, item) => (value === 'flagged' ? isFlagged(item) : item.check?.verdict === 'pass'),
    needsVerdict: () => true,
    countFromTotals: (value, totals) => (value === 'flagged' ? totals.flagged : undefined),
  },
  {
    id: 'flag',
    values: () => RULE_TABLE.map((rule) => rule.id),
    describe: (value) => RULE_TABLE.find((entry) => entry.id === value)?.title,
    matches: (value, item) => item.check?.flags.some((flag) => flag.rule === value) ?? false,
    needsVerdict: () => true,
    countFromTotals: (_value, totals) => (totals.flagged === 0 ? 0 : undefined),
  },
  {
    id: 'teacher',
    values: (store) => projectTeachers(store.config).map((teacher) => teacher.name),
    matches: (value, item) => item.candidate.teacher === value,
  },
  {
    id: 'reviewer',
    // Everyone who has decided something in the project (from the counters), this reviewer first.
    values: (store) => projectReviewers(store),
    matches: (value, item) => item.decision?.reviewer === value,
    countFromTotals: (_value, totals) => (totals.accepted + totals.rejected === 0 ? 0 : undefined),
  },
  {
    id: 'difficulty',
    values: () => ['easy', 'medium', 'hard'],
    matches: (value, item) => item.question?.difficulty === value,
  },
  {
    // The band of the student's pass rate (distill probe) on the candidate's question.
    id: 'student',
    values: () => (selectionMarks().student ? [...DIFFICULTY_BANDS] : []),
    describe: (value) => BAND_MEANING[value as DifficultyBand],
    matches: (value, item) => studentBandOf(item.candidate.questionId) === value,
  },
  {
    // The candidates a stored selection (distill select) holds.
    id: 'selection',
    values: () => [...selectionMarks().selections.keys()],
    describe: (value) => `${selectionMarks().selections.get(value)?.size ?? 0} selected`,
    matches: (value, item) => selectionMarks().selections.get(value)?.items.has(item.candidate.id) ?? false,
  },
];

/**
 * With no filter, `]` and `[` go to what still needs a look: a pending candidate, or a flagged
 * one (decided or not, so that a flagged accept can be looked at again).
 */
export const ATTENTION: FilterField = {
  id: 'attention',
  values: () => [],
  matches: (_value, item) => statusOfItem(item) === 'pending' || isFlagged(item),
  // A pending candidate needs a look whatever its verdict says; a decided one only if flagged.
  needsVerdict: (_value, item) => statusOfItem(item) !== 'pending',
  countFromTotals: (_value, totals) =>
    totals.candidates - totals.accepted - totals.rejected === 0 && totals.flagged === 0 ? 0 : undefined,
};

function fieldOf(filter: Filter): FilterField | undefined {
  return filter.kind === 'all' ? undefined : FILTER_FIELDS.find((field) => field.id === filter.field);
}

/** The predicate the queue walks: the filter's, or "needs a look" when there is none. */
export function queuePredicate(filter: Filter): { field: FilterField; value: string; pendingOnly?: boolean } {
  const field = fieldOf(filter);
  return field && filter.kind === 'match' ? { field, value: filter.value } : { field: ATTENTION, value: '' };
}

/** Whether the filter looks at verdicts: its lists wait for them (other filters list a tag once its candidates are read). */
export function filterNeedsVerdicts(filter: Filter): boolean {
  return fieldOf(filter)?.needsVerdict !== undefined;
}

export function describeFilter(filter: Filter): string {
  if (filter.kind === 'all') return 'all';
  return filter.field === 'status' || filter.field === 'verdict' ? filter.value : `${filter.field}: ${filter.value}`;
}

export function sameFilter(a: Filter, b: Filter): boolean {
  return describeFilter(a) === describeFilter(b);
}

export function itemOf(snapshot: TagSnapshot, candidate: Candidate, question?: Question): FilterItem {
  return {
    candidate,
    question: question ?? snapshot.questions.find((q) => q.id === candidate.questionId),
    decision: snapshot.decisions.get(candidate.id),
    check: snapshot.checks?.get(candidate.id) ?? undefined,
  };
}

export function matchesFilter(filter: Filter, snapshot: TagSnapshot, candidate: Candidate, question?: Question): boolean {
  const field = fieldOf(filter);
  if (!field || filter.kind !== 'match') return true;
  return field.matches(filter.value, itemOf(snapshot, candidate, question));
}

export interface FilterChoice {
  filter: Filter;
  label: string;
  hotkey?: string;
}

/** The choices of the filter menu, in order: all, then every value of every field. */
export function filterChoices(store: ProjectStoreApi): FilterChoice[] {
  const choices: FilterChoice[] = [{ filter: ALL, label: 'all', hotkey: 'a' }];
  for (const field of FILTER_FIELDS) {
    for (const value of field.values(store)) {
      const filter: Filter = { kind: 'match', field: field.id, value };
      const note = field.describe?.(value);
      const hotkey = field.hotkeys?.[value];
      choices.push({ filter, label: describeFilter(filter) + (note ? ` (${note})` : ''), ...(hotkey ? { hotkey } : {}) });
    }
  }
  return choices;
}
