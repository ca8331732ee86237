// Which candidates (and so which questions) the lists show.
import type { Candidate } from '../../core/types.js';
import { type TagSnapshot, statusOf } from './review-data.js';

// Every rule of the checks' table is offered by the filter menu, even before any candidate has it.
import { RULE_TABLE } from '../../checks/rules/rule-table.js';

export type Filter =
  | { kind: 'all' }
  | { kind: 'unreviewed' }
  | { kind: 'accepted' }
  | { kind: 'rejected' }
  | { kind: 'flagged' }
  | { kind: 'passing' }
  | { kind: 'flag'; rule: string };

export const ALL: Filter = { kind: 'all' };

/** What a rule flags, from the rule table: the filter menu says it beside the rule id. */
export function ruleTitle(rule: string): string | undefined {
  return RULE_TABLE.find((entry) => entry.id === rule)?.title;
}

export function describeFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'all':
      return 'all';
    case 'unreviewed':
      return 'unreviewed';
    case 'accepted':
      return 'accepted';
    case 'rejected':
      return 'rejected';
    case 'flagged':
      return 'flagged';
    case 'passing':
      return 'passing';
    case 'flag':
      return `flag: ${filter.rule}`;
  }
}

export function sameFilter(a: Filter, b: Filter): boolean {
  return describeFilter(a) === describeFilter(b);
}

export function matchesFilter(filter: Filter, snapshot: TagSnapshot, candidate: Candidate): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'unreviewed':
      return statusOf(snapshot, candidate.id) === 'pending';
    case 'accepted':
    case 'rejected':
      return statusOf(snapshot, candidate.id) === filter.kind;
    case 'flagged':
      return (snapshot.checks?.get(candidate.id)?.flags.length ?? 0) > 0;
    case 'passing':
      return snapshot.checks?.get(candidate.id)?.verdict === 'pass';
    case 'flag':
      return snapshot.checks?.get(candidate.id)?.flags.some((flag) => flag.rule === filter.rule) ?? false;
  }
}

/** The choices of the filter menu, in order. */
export function filterChoices(): Filter[] {
  return [
    { kind: 'all' },
    { kind: 'unreviewed' },
    { kind: 'accepted' },
    { kind: 'rejected' },
    { kind: 'flagged' },
    { kind: 'passing' },
    ...RULE_TABLE.map((rule): Filter => ({ kind: 'flag', rule: rule.id })),
  ];
}
