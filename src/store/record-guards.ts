import type { Candidate, DecisionEntry, Failure, Question, Tag } from '../core/types.js';

// Cheap structural checks for records read back from disk. They guard against a
// hand-edited or foreign file, not against every possible wrong field: the hot
// path reads a million candidates.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isTag(value: unknown): value is Tag {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    (value.parentId === null || typeof value.parentId === 'string')
  );
}

export function isQuestion(value: unknown): value is Question {
  return isObject(value) && typeof value.id === 'string' && typeof value.tagId === 'string' && typeof value.text === 'string';
}

export function isCandidate(value: unknown): value is Candidate {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.questionId === 'string' &&
    typeof value.answer === 'string' &&
    typeof value.reasoning === 'string' &&
    // A sample that is not a whole number could never match the one a run looks for: it would be asked for again on every run.
    Number.isInteger(value.sample) &&
    (value.sample as number) >= 0
  );
}

/** Why a record read back is not a candidate (for the error that names its file and line). */
export function candidateProblem(value: unknown): string {
  if (!isObject(value)) return 'not an object';
  for (const field of ['id', 'questionId', 'answer', 'reasoning']) {
    if (typeof value[field] !== 'string') return `"${field}" is not a string`;
  }
  if (!Number.isInteger(value.sample) || (value.sample as number) < 0)
    return `"sample" is ${JSON.stringify(value.sample)}, not a whole number`;
  return 'not a valid candidate';
}

const STATUSES = new Set(['pending', 'accepted', 'rejected']);

export function isDecisionEntry(value: unknown): value is DecisionEntry {
  return isObject(value) && typeof value.id === 'string' && STATUSES.has(value.status as string);
}

export function isFailure(value: unknown): value is Failure {
  return isObject(value) && typeof value.target === 'string' && typeof value.stage === 'string';
}

export function isDocumentOf<T>(key: string, isItem: (value: unknown) => value is T) {
  return (value: unknown): value is Record<string, T[]> =>
    isObject(value) && Array.isArray(value[key]) && (value[key] as unknown[]).every(isItem);
}
