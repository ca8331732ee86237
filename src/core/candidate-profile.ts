// What the stats view shows of a tag's candidates beyond counts: a histogram of reasoning
// lengths and the share of each script-language. Kept as counters beside the candidate count
// (added to as candidates are appended), so the view never re-reads a million candidates.
import { candidateText, textLength } from './candidate-text.js';
import type { Candidate } from './types.js';

/** Upper bounds (characters) of the reasoning-length buckets; the last is open-ended. */
export const LENGTH_BUCKETS: readonly (readonly [string, number])[] = [
  ['none', 0],
  ['<500', 500],
  ['<1k', 1_000],
  ['<2k', 2_000],
  ['<4k', 4_000],
  ['<8k', 8_000],
  ['8k+', Number.POSITIVE_INFINITY],
];

export const SCRIPT_LANGUAGES = ['zh', 'en', 'mixed', 'other'] as const;
export type ScriptLanguage = (typeof SCRIPT_LANGUAGES)[number];

/**
 * Counts per reasoning-length bucket (LENGTH_BUCKETS order), then per script-language
 * (SCRIPT_LANGUAGES order): one flat array, small in the counters cache.
 */
export type CandidateProfile = number[];

export const PROFILE_LENGTH = LENGTH_BUCKETS.length + SCRIPT_LANGUAGES.length;

/** Characters of a text looked at to tell its language: plenty for a script majority. */
const LANGUAGE_SAMPLE = 4_000;

/** A cheap script-based guess, good enough for shares: Han characters against Latin words. */
export function scriptLanguage(text: string): ScriptLanguage {
  const sample = text.slice(0, LANGUAGE_SAMPLE);
  const han = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = sample.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  const units = han + latinWords;
  if (units === 0) return 'other';
  if (han / units > 0.85) return 'zh';
  if (latinWords / units > 0.85) return 'en';
  return 'mixed';
}

function bucketIndex(length: number): number {
  for (let i = 0; i < LENGTH_BUCKETS.length; i++) {
    const bound = LENGTH_BUCKETS[i]![1];
    if (bound === 0 ? length === 0 : length < bound) return i;
  }
  return LENGTH_BUCKETS.length - 1;
}

export function emptyProfile(): CandidateProfile {
  return new Array<number>(PROFILE_LENGTH).fill(0);
}

/** Adds candidates to a profile (in place) and returns it. */
export function addToProfile(profile: CandidateProfile, candidates: Iterable<Candidate>): CandidateProfile {
  for (const candidate of candidates) {
    // Lengths and a sample only: a huge text (left on disk by the store) is not read whole.
    const reasoningLength = textLength(candidate, 'reasoning');
    const language = scriptLanguage(candidateText(candidate, reasoningLength > 0 ? 'reasoning' : 'answer').slice(0, LANGUAGE_SAMPLE));
    profile[bucketIndex(reasoningLength)]!++;
    profile[LENGTH_BUCKETS.length + SCRIPT_LANGUAGES.indexOf(language)]!++;
  }
  return profile;
}

export function profileOf(candidates: Iterable<Candidate>): CandidateProfile {
  return addToProfile(emptyProfile(), candidates);
}

/** A profile read back from a cache file, or undefined when it is not one. */
export function validProfile(value: unknown): CandidateProfile | undefined {
  return Array.isArray(value) && value.length === PROFILE_LENGTH && value.every((n) => Number.isInteger(n) && n >= 0)
    ? (value as CandidateProfile)
    : undefined;
}

/** Candidates a profile counts (each is in one length bucket). */
export function profileSize(profile: CandidateProfile): number {
  let total = 0;
  for (let i = 0; i < LENGTH_BUCKETS.length; i++) total += profile[i]!;
  return total;
}
