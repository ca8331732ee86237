// Numbers behind the stats view: decisions per tag, flag counts, a reasoning-length histogram
// and language shares. All from counters kept as candidates and decisions are written (the
// store's) and the last full check's summary; only tags those cannot vouch for are read.
import { judgeAgreement, type JudgeAgreement } from '../../app/judge-agreement.js';
import { emptyProfile, LENGTH_BUCKETS, profileSize, SCRIPT_LANGUAGES } from '../../core/candidate-profile.js';
import { newestSelectionOverview, type SelectionOverview } from '../../selection/selection-overview.js';
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
  /** What the LLM judge said and how often it agrees with the reviewers; null when nothing was judged. */
  judge: JudgeAgreement | null;
  /** The newest stored selection's spread (distill select); null when there is none. */
  selection: SelectionOverview | null;
}

const MAX_TAG_BARS = 8;

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
  const profile = emptyProfile();
  let candidates = 0;
  const tags = store.tags().filter((tag) => store.counts(tag.id).candidates > 0);
  // Flags from the last full check where it still holds; a tag changed since is read and checked.
  const fromSummary = (await data.checks?.tagFlags?.()) ?? new Map<string, { flags: Partial<Record<string, number>> }>();
  let checked = fromSummary.size > 0;
  for (const [index, tag] of tags.entries()) {
    const tagProfile = await store.candidateProfile(tag.id);
    candidates += profileSize(tagProfile);
    tagProfile.forEach((count, i) => (profile[i]! += count));
    const summarized = fromSummary.get(tag.id);
    if (summarized) {
      for (const [rule, count] of Object.entries(summarized.flags)) flags.set(rule, (flags.get(rule) ?? 0) + (count ?? 0));
    } else if (data.checks) {
      const snapshot = await data.load(tag.id);
      if (snapshot.checks) checked = true;
      for (const check of snapshot.checks?.values() ?? []) {
        for (const flag of check.flags) flags.set(flag.rule, (flags.get(flag.rule) ?? 0) + 1);
      }
    }
    onProgress?.(index + 1, tags.length);
  }
  const languages = SCRIPT_LANGUAGES.map((language, i) => ({ language, count: profile[LENGTH_BUCKETS.length + i]! })).filter(
    (entry) => entry.count > 0,
  );
  return {
    perTag,
    flags: [...flags].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count),
    reasoningHistogram: LENGTH_BUCKETS.map(([bucket], i) => ({ bucket, count: profile[i]! })),
    languages: languages.sort((a, b) => b.count - a.count),
    candidates,
    checked,
    judge: await judgeAgreement(store),
    selection: await newestSelectionOverview(store),
  };
}
