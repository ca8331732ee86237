// Numbers behind the stats view: decisions per tag, flag counts, a reasoning-length histogram
// and language shares. Reads every tag's candidates, so it runs as a background task.
import type { Candidate } from '../../core/types.js';
import type { ReviewData } from './review-data.js';
import { computeSubtreeCounts } from './tree-rows.js';

export interface TagBar {
  name: string;
  accepted: number;
  rejected: number;
  pending: number;
}

export interface StatsData {
  perTag: TagBar[];
  flags: { rule: string; count: number }[];
  reasoningHistogram: { bucket: string; count: number }[];
  languages: { language: string; count: number }[];
  candidates: number;
  checked: boolean;
}

/** Upper bounds (characters) of the reasoning-length buckets; the last is open-ended. */
const LENGTH_BUCKETS: [string, number][] = [
  ['none', 0],
  ['<500', 500],
  ['<1k', 1_000],
  ['<2k', 2_000],
  ['<4k', 4_000],
  ['<8k', 8_000],
  ['8k+', Number.POSITIVE_INFINITY],
];

const MAX_TAG_BARS = 8;
/** Characters of a text looked at to tell its language: plenty for a script majority. */
const LANGUAGE_SAMPLE = 4_000;

/** A cheap script-based guess, good enough for shares: Han characters against Latin words. */
export function scriptLanguage(text: string): 'zh' | 'en' | 'mixed' | 'other' {
  const sample = text.slice(0, LANGUAGE_SAMPLE);
  const han = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = sample.match(/[A-Za-z]{2,}/g)?.length ?? 0;
  const units = han + latinWords;
  if (units === 0) return 'other';
  if (han / units > 0.85) return 'zh';
  if (latinWords / units > 0.85) return 'en';
  return 'mixed';
}

function bucketOf(length: number): string {
  for (const [name, bound] of LENGTH_BUCKETS) if (bound === 0 ? length === 0 : length < bound) return name;
  return LENGTH_BUCKETS[LENGTH_BUCKETS.length - 1]![0];
}

export async function collectStats(data: ReviewData, onProgress?: (done: number, total: number) => void): Promise<StatsData> {
  const store = data.store;
  const counts = computeSubtreeCounts(store, () => undefined);
  const top = store.children(null);
  // One top-level tag says little; show its children instead.
  const barTags = top.length === 1 ? store.children(top[0]!.id) : top;
  const perTag = barTags
    .map((tag) => {
      const c = counts.get(tag.id)!;
      return { name: tag.name, accepted: c.accepted, rejected: c.rejected, pending: c.candidates - c.accepted - c.rejected };
    })
    .sort((a, b) => b.accepted + b.rejected + b.pending - (a.accepted + a.rejected + a.pending))
    .slice(0, MAX_TAG_BARS);

  const flags = new Map<string, number>();
  const histogram = new Map<string, number>(LENGTH_BUCKETS.map(([name]) => [name, 0]));
  const languages = new Map<string, number>();
  let candidates = 0;
  let checked = false;
  const tags = store.tags().filter((tag) => store.counts(tag.id).candidates > 0);
  for (const [index, tag] of tags.entries()) {
    const snapshot = await data.load(tag.id);
    if (snapshot.checks) checked = true;
    for (const list of snapshot.candidatesByQuestion.values()) {
      for (const candidate of list) {
        candidates++;
        tally(candidate, histogram, languages);
        for (const flag of snapshot.checks?.get(candidate.id)?.flags ?? []) flags.set(flag.rule, (flags.get(flag.rule) ?? 0) + 1);
      }
    }
    onProgress?.(index + 1, tags.length);
  }
  return {
    perTag,
    flags: [...flags].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count),
    reasoningHistogram: [...histogram].map(([bucket, count]) => ({ bucket, count })),
    languages: [...languages].map(([language, count]) => ({ language, count })).sort((a, b) => b.count - a.count),
    candidates,
    checked,
  };
}

function tally(candidate: Candidate, histogram: Map<string, number>, languages: Map<string, number>): void {
  const bucket = bucketOf(candidate.reasoning.length);
  histogram.set(bucket, (histogram.get(bucket) ?? 0) + 1);
  const language = scriptLanguage(candidate.reasoning.length > 0 ? candidate.reasoning : candidate.answer);
  languages.set(language, (languages.get(language) ?? 0) + 1);
}
