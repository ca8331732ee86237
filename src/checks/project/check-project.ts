import type { Question } from '../../core/types.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { CorruptCacheError, readFeatureCache, writeFeatureCache } from './feature-cache-file.js';
import type { FeatureTable } from '../features/feature-table.js';
import { findNearDuplicates } from './near-duplicates.js';
import {
  duplicatesPath,
  featureCachePath,
  readDuplicates,
  readJsonCache,
  summaryPath,
  writeJsonCache,
  type FlagSummaryFile,
  type TagFlagSummary,
} from './project-check-files.js';
import { rankTable } from '../rules/rank-table.js';
import { ALL_RULES_MASK, RULE_IDS, type RuleId } from '../rules/rule-ids.js';
import { resolveRules, type Rules } from '../rules/rules-config.js';
import { describeFlags, evaluateRules, failingMask, verdictOf, type Flag } from '../rules/rules.js';
import { buildTagTable, tagSource, type DuplicateInfo } from './tag-features.js';

export interface CheckOptions {
  /** Defaults to the project's rules (distill.json) with defaults filled in. */
  rules?: Rules;
  onProgress?: (progress: { done: number; total: number; tagId: string }) => void;
}

export interface TagCheckSummary extends TagFlagSummary {
  tagId: string;
  path: string;
}

export interface CheckSummary {
  candidates: number;
  passing: number;
  failing: number;
  /** Candidates whose features were computed in this run (the rest came from the cache). */
  extracted: number;
  flags: Record<RuleId, number>;
  tags: TagCheckSummary[];
  /** Damaged cache files that were set aside and rebuilt. */
  warnings: string[];
}

export interface CandidateVerdict {
  verdict: 'pass' | 'fail';
  flags: Flag[];
  /** The best passing candidate of its question. */
  preferred: boolean;
  /** 0 for the preferred candidate, 1 for the next …; -1 when failing. */
  rank: number;
}

// A reviewer's rejection fails a candidate whatever rules are soft.
const REJECTED_MASK = ALL_RULES_MASK;

export function projectRules(store: ProjectStoreApi): Rules {
  return resolveRules(store.config.rules, 'distill.json "rules"');
}

/** Re-evaluates every candidate of the project: features from the cache where texts are unchanged, rules afresh. */
export async function checkProject(store: ProjectStoreApi, options: CheckOptions = {}): Promise<CheckSummary> {
  const rules = options.rules ?? projectRules(store);
  const { questionsByTag, duplicates } = await projectQuestions(store);
  await writeJsonCache(duplicatesPath(store), Object.fromEntries(duplicates));
  const summary: CheckSummary = { candidates: 0, passing: 0, failing: 0, extracted: 0, flags: emptyFlagCounts(), tags: [], warnings: [] };
  const tags = store.tags().filter((tag) => store.counts(tag.id).candidates > 0);
  const summaryFile: FlagSummaryFile = { rules: rulesFingerprint(rules), tags: {} };
  for (const [done, tag] of tags.entries()) {
    const { table, extracted, warning } = await refreshTag(store, tag.id, questionsByTag.get(tag.id) ?? [], duplicates);
    if (warning) summary.warnings.push(warning);
    const tagSummary = summarizeTable(table, rules);
    summaryFile.tags[tag.id] = tagSummary;
    summary.tags.push({ tagId: tag.id, path: store.tagPath(tag.id).join(' > '), ...tagSummary });
    summary.extracted += extracted;
    summary.candidates += tagSummary.candidates;
    summary.passing += tagSummary.passing;
    summary.failing += tagSummary.failing;
    for (const [rule, count] of Object.entries(tagSummary.flags)) summary.flags[rule as RuleId] += count;
    options.onProgress?.({ done: done + 1, total: tags.length, tagId: tag.id });
  }
  await writeJsonCache(summaryPath(store), summaryFile);
  return summary;
}

/**
 * Brings one tag's feature cache up to date, for the pipeline to call as
 * candidates arrive. Near-duplicate questions come from the last full check.
 */
export async function checkQuestionCandidates(store: ProjectStoreApi, tagId: string): Promise<void> {
  await refreshTag(store, tagId, await liveQuestions(store, tagId), await readDuplicates(store));
}

/** Verdict, flags and preferred mark of every candidate of a tag. */
export async function loadVerdicts(
  store: ProjectStoreApi,
  tagId: string,
  rules = projectRules(store),
): Promise<Map<string, CandidateVerdict>> {
  const table = await currentTable(store, tagId);
  const masks = evaluateRules(table, rules);
  const ranks = rankTable(table, masks, rules);
  const verdicts = new Map<string, CandidateVerdict>();
  const ids = table.textColumn('id');
  for (let row = 0; row < table.size; row++) {
    verdicts.set(ids[row]!, {
      verdict: verdictOf(masks[row]!, rules),
      flags: describeFlags(table, row, masks[row]!, rules),
      preferred: ranks[row] === 0,
      rank: ranks[row]!,
    });
  }
  return verdicts;
}

/** How many candidates of a tag each rule flags (from the last check's summary when it is still current). */
export async function flagCounts(store: ProjectStoreApi, tagId: string, rules = projectRules(store)): Promise<Record<RuleId, number>> {
  const stored = await readJsonCache<FlagSummaryFile>(summaryPath(store));
  const entry = stored?.rules === rulesFingerprint(rules) ? stored.tags[tagId] : undefined;
  if (entry && entry.candidates === store.counts(tagId).candidates) return { ...emptyFlagCounts(), ...entry.flags };
  return { ...emptyFlagCounts(), ...summarizeTable(await currentTable(store, tagId), rules).flags };
}

/**
 * Flagged candidates per tag from the last full check, for tags whose candidates
 * have not changed since and under the same thresholds: the review tree's ⚑
 * counts without reading every tag of a large project.
 */
export async function summaryFlaggedCounts(store: ProjectStoreApi, rules = projectRules(store)): Promise<Map<string, number>> {
  const stored = await readJsonCache<FlagSummaryFile>(summaryPath(store));
  const counts = new Map<string, number>();
  if (stored?.rules !== rulesFingerprint(rules)) return counts;
  for (const [tagId, entry] of Object.entries(stored.tags)) {
    if (typeof entry.flagged === 'number' && entry.candidates === store.counts(tagId).candidates) counts.set(tagId, entry.flagged);
  }
  return counts;
}

/**
 * The candidates `accept --passing` accepts: per question, the best `keepPerQuestion`
 * passing candidates, counting those a reviewer already accepted and never
 * overriding a reviewer's rejection.
 */
export async function selectPassing(store: ProjectStoreApi, options: { keepPerQuestion?: number; rules?: Rules } = {}): Promise<string[]> {
  const rules = options.rules ?? projectRules(store);
  const keep = options.keepPerQuestion ?? rules.keepPerQuestion;
  const selected: string[] = [];
  for (const tag of store.tags()) {
    if (store.counts(tag.id).candidates === 0) continue;
    const table = await currentTable(store, tag.id);
    const decisions = await store.decisions(tag.id);
    const stale = await store.staleCandidates(tag.id);
    const masks = evaluateRules(table, rules);
    const ids = table.textColumn('id');
    const questionKeys = table.textColumn('questionKey');
    // A reviewer's rejection, or an answer to a question edited since (stale), counts as a failing verdict, so it is never ranked.
    for (let row = 0; row < table.size; row++) {
      if (decisions.get(ids[row]!)?.status === 'rejected' || stale.has(ids[row]!)) masks[row] = REJECTED_MASK;
    }
    const ranks = rankTable(table, masks, rules);
    const acceptedPerQuestion = new Map<string, number>();
    for (let row = 0; row < table.size; row++) {
      if (decisions.get(ids[row]!)?.status === 'accepted') {
        acceptedPerQuestion.set(questionKeys[row]!, (acceptedPerQuestion.get(questionKeys[row]!) ?? 0) + 1);
      }
    }
    for (let row = 0; row < table.size; row++) {
      if (ranks[row]! < 0 || decisions.has(ids[row]!)) continue;
      const room = keep - (acceptedPerQuestion.get(questionKeys[row]!) ?? 0);
      if (ranks[row]! < room) selected.push(ids[row]!);
    }
  }
  return selected;
}

async function currentTable(store: ProjectStoreApi, tagId: string): Promise<FeatureTable> {
  const cached = await readCache(store, tagId);
  if (cached.table && cached.table.size === store.counts(tagId).candidates) return cached.table;
  return (await refreshTag(store, tagId, await liveQuestions(store, tagId), await readDuplicates(store))).table;
}

async function readCache(store: ProjectStoreApi, tagId: string): Promise<{ table: FeatureTable | null; source: string; warning?: string }> {
  const path = featureCachePath(store, tagId);
  try {
    const cached = await readFeatureCache(path);
    return cached ? { table: cached.table, source: cached.header.source } : { table: null, source: '' };
  } catch (error) {
    if (!(error instanceof CorruptCacheError)) throw error;
    return { table: null, source: '', warning: `${error.message}; rebuilt it from the candidates` };
  }
}

async function refreshTag(
  store: ProjectStoreApi,
  tagId: string,
  questions: readonly Question[],
  duplicates: ReadonlyMap<string, DuplicateInfo>,
): Promise<{ table: FeatureTable; extracted: number; warning?: string }> {
  const language = store.config.language;
  const count = store.counts(tagId).candidates;
  const source = tagSource(language, count, questions, duplicates);
  const cached = await readCache(store, tagId);
  if (cached.table && cached.source === source && cached.table.size === count) return { table: cached.table, extracted: 0 };
  const candidates = await store.candidates(tagId);
  const questionMap = new Map(questions.map((question) => [question.id, question]));
  const { table, extracted } = buildTagTable({ candidates, questions: questionMap, duplicates, language, previous: cached.table });
  await writeFeatureCache(featureCachePath(store, tagId), table, tagSource(language, candidates.length, questions, duplicates));
  return { table, extracted, ...(cached.warning ? { warning: cached.warning } : {}) };
}

async function liveQuestions(store: ProjectStoreApi, tagId: string): Promise<Question[]> {
  return (await store.questions(tagId)).filter((question) => !question.deleted);
}

/** Every live question of the project, and which of them nearly repeat an earlier one. */
async function projectQuestions(
  store: ProjectStoreApi,
): Promise<{ questionsByTag: Map<string, Question[]>; duplicates: Map<string, DuplicateInfo> }> {
  const questionsByTag = new Map<string, Question[]>();
  const all: Question[] = [];
  for (const tag of store.tags()) {
    const questions = await liveQuestions(store, tag.id);
    questionsByTag.set(tag.id, questions);
    all.push(...questions);
  }
  const matches = findNearDuplicates(all.map((question) => question.text));
  const duplicates = new Map<string, DuplicateInfo>();
  matches.forEach((match, index) => {
    if (match) duplicates.set(all[index]!.id, { similarity: Math.round(match.similarity * 1000) / 1000, of: all[match.of]!.text });
  });
  return { questionsByTag, duplicates };
}

function summarizeTable(table: FeatureTable, rules: Rules): TagFlagSummary {
  const masks = evaluateRules(table, rules);
  const counts = new Array<number>(RULE_IDS.length).fill(0);
  const failing = failingMask(rules);
  let passing = 0;
  let flagged = 0;
  for (let row = 0; row < table.size; row++) {
    const mask = masks[row]!;
    if ((mask & failing) === 0) passing++;
    if (mask === 0) continue;
    flagged++;
    for (let bit = 0; bit < counts.length; bit++) if (mask & (1 << bit)) counts[bit]!++;
  }
  const flags: Record<string, number> = {};
  counts.forEach((count, bit) => {
    if (count > 0) flags[RULE_IDS[bit]!] = count;
  });
  return { candidates: table.size, passing, failing: table.size - passing, flagged, flags };
}

function emptyFlagCounts(): Record<RuleId, number> {
  return Object.fromEntries(RULE_IDS.map((rule) => [rule, 0])) as Record<RuleId, number>;
}

function rulesFingerprint(rules: Rules): string {
  return JSON.stringify(rules);
}
