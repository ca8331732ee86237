import type { ProjectStoreApi } from '../../store/store-api.js';
import { verdictOfCode, type JudgeReading } from '../../core/judgement.js';
import type { FeatureTable, NumericColumn } from '../features/feature-table.js';
import { rankTable } from '../rules/rank-table.js';
import { ALL_RULES_MASK, rulesOfMask, type RuleId } from '../rules/rule-ids.js';
import { resolveRules, type Rules } from '../rules/rules-config.js';
import { describeFlags, evaluateRules, verdictOf, type Flag } from '../rules/rules.js';
import { QuestionFindings } from '../../selection/question-findings.js';
import { ChecksCache } from './checks-cache.js';
import { HeapRelease } from './heap-release.js';
import { extractionFingerprint, ruleCodeFingerprint } from './extraction-fingerprint.js';
import { CorruptCacheError, readFeatureIds } from './feature-cache-file.js';
import type { TagRuleMasks } from './rule-masks-file.js';
import { ruleKeys, staleRules, updateMasks } from './rule-masks.js';
import { ProjectQuestions } from './project-questions.js';
import {
  emptyFlagCounts,
  rulesFingerprint,
  summarizeMasks,
  summarizeTable,
  type FlagSummaryFile,
  type TagFlagSummary,
} from './table-summary.js';
import { cachedTagTable, candidateCount, currentTagTable, tagSource, type CheckSession } from './tag-table.js';

/*
 * The checks of a project, one entry point per thing a command asks for. Each
 * opens one session (the cache folder, the question index, the store's
 * versions) and goes down through it: the question index (project-questions),
 * each tag's table (tag-table, from the cache or rebuilt), the rules over it,
 * and the summary. Cache I/O is checks-cache's alone.
 */

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
  /** Questions compared for near-duplicates in this run (the others' findings came from the cache). */
  comparedQuestions: number;
  flags: Record<RuleId, number>;
  tags: TagCheckSummary[];
  /** Cache files that were damaged and rebuilt, or could not be saved. */
  warnings: string[];
}

export interface CandidateVerdict {
  verdict: 'pass' | 'fail';
  flags: Flag[];
  /** The best passing candidate of its question. */
  preferred: boolean;
  /** 0 for the preferred candidate, 1 for the next …; -1 when failing. */
  rank: number;
  /** The LLM judge's judgement of the candidate's current text (distill judge), when it has one. */
  judge?: JudgeReading;
}

function withoutSource(entry: TagFlagSummary & { source?: string; candidatesVersion?: string }): TagFlagSummary {
  const { candidates, passing, failing, flagged, flags } = entry;
  return { candidates, passing, failing, flagged, flags };
}

export function projectRules(store: ProjectStoreApi): Rules {
  return resolveRules(store.config.rules, 'distill.json "rules"');
}

async function openSession(store: ProjectStoreApi, pass = false): Promise<CheckSession> {
  const cache = new ChecksCache(store.cacheDir);
  const fingerprint = await extractionFingerprint();
  return {
    store,
    cache,
    fingerprint,
    questions: new ProjectQuestions(store, cache, fingerprint),
    candidateCounts: new Map(),
    findings: new QuestionFindings(store.dir),
    pass,
  };
}

/** Re-evaluates every candidate of the project: features and near-duplicate findings from the cache where nothing changed, rules afresh. */
export async function checkProject(store: ProjectStoreApi, options: CheckOptions = {}): Promise<CheckSummary> {
  const rules = options.rules ?? projectRules(store);
  const session = await openSession(store, true);
  const heap = new HeapRelease();
  await session.questions.update();
  // Building the index drops its buffers (hundreds of MB at a million candidates): collected before the tags add theirs.
  if (session.questions.compared > 0) heap.now();
  const summary: CheckSummary = {
    candidates: 0,
    passing: 0,
    failing: 0,
    extracted: 0,
    comparedQuestions: session.questions.compared,
    flags: emptyFlagCounts(),
    tags: [],
    warnings: [],
  };
  const tags = store.tags().filter((tag) => candidateCount(session, tag.id) > 0);
  const summaryFile: FlagSummaryFile = { rules: rulesFingerprint(rules), tags: {} };
  // A tag whose table and thresholds are those of the last check keeps its counts: its table is not even read.
  const stored = await session.cache.readSummary();
  const previous = stored?.rules === summaryFile.rules ? stored.tags : {};
  // Otherwise the last check's verdicts stand for every rule whose settings did not change (rule-masks.ts).
  const keys = ruleKeys(rules, await ruleCodeFingerprint());
  const storedMasks = await session.cache.readRuleMasks();
  const masks = new Map<string, TagRuleMasks>();
  let masksChanged = storedMasks.size !== tags.length;
  for (const [done, tag] of tags.entries()) {
    const source = await tagSource(
      session,
      tag.id,
      await session.questions.digestOf(tag.id),
      (await session.findings.ofTag(tag.id)).digest,
    );
    const count = candidateCount(session, tag.id);
    const kept = previous[tag.id];
    const known = storedMasks.get(tag.id);
    const knownValid = known?.source === source && known.rows === count ? known : undefined;
    let tagSummary: TagFlagSummary;
    let extracted = 0;
    if (kept?.source === source && kept.candidates === count) {
      tagSummary = kept;
      if (knownValid) masks.set(tag.id, knownValid);
      else masksChanged = true;
    } else {
      let entry = knownValid;
      if (!entry || staleRules(entry, keys) !== 0) {
        const updated = await reevaluate(session, tag.id, rules, keys, entry);
        extracted = updated.extracted;
        heap.step();
        entry = updated.entry;
        masksChanged = true;
      }
      masks.set(tag.id, entry);
      tagSummary = summarizeMasks(entry.masks, entry.rows, rules);
    }
    summaryFile.tags[tag.id] = { ...withoutSource(tagSummary), source };
    summary.tags.push({ tagId: tag.id, path: store.tagPath(tag.id).join(' > '), ...withoutSource(tagSummary) });
    summary.extracted += extracted;
    summary.candidates += tagSummary.candidates;
    summary.passing += tagSummary.passing;
    summary.failing += tagSummary.failing;
    for (const [rule, count] of Object.entries(tagSummary.flags)) summary.flags[rule as RuleId] += count;
    options.onProgress?.({ done: done + 1, total: tags.length, tagId: tag.id });
  }
  if (masksChanged) await session.cache.writeRuleMasks(masks);
  await session.cache.writeSummary(summaryFile);
  summary.warnings.push(...session.cache.warnings);
  return summary;
}

/**
 * The tag's masks under `keys`: only the rules whose settings changed since `known` run
 * again (all of them without it), reading only the columns they use. A column that
 * does not read back (damaged, or replaced by another process) makes it read the
 * whole table, which is verified as a whole and rebuilt if damaged.
 */
async function reevaluate(
  session: CheckSession,
  tagId: string,
  rules: Rules,
  keys: readonly string[],
  known: TagRuleMasks | undefined,
): Promise<{ entry: TagRuleMasks; extracted: number }> {
  const lazy = await currentTagTable(session, tagId, { lazy: true });
  try {
    return { entry: updateMasks(lazy.table, rules, keys, lazy.source, known), extracted: lazy.extracted };
  } catch (error) {
    if (!(error instanceof CorruptCacheError)) throw error;
    // Only the stale rules' bits were touched: evaluating them again over the whole table puts them right.
    const whole = await currentTagTable(session, tagId);
    return { entry: updateMasks(whole.table, rules, keys, whole.source, known), extracted: whole.extracted };
  }
}

/**
 * Brings one tag's feature cache up to date, for the generator to call as
 * candidates arrive. Near-duplicate findings are the question index's as it
 * stands; questions it does not know yet are judged by the next full check.
 */
export async function checkQuestionCandidates(store: ProjectStoreApi, tagId: string): Promise<void> {
  await currentTagTable(await openSession(store), tagId);
}

/** Verdict, flags and preferred mark of every candidate of a tag. */
export async function loadVerdicts(
  store: ProjectStoreApi,
  tagId: string,
  rules = projectRules(store),
): Promise<Map<string, CandidateVerdict>> {
  const { table } = await currentTagTable(await openSession(store), tagId, { texts: true });
  return verdictsOf(table, rules);
}

/**
 * loadVerdicts when the tag's cached table is current; null when it would have to be rebuilt
 * (seconds of CPU for a tag of huge answers), which the caller may then do elsewhere.
 */
export async function loadCachedVerdicts(
  store: ProjectStoreApi,
  tagId: string,
  rules = projectRules(store),
): Promise<Map<string, CandidateVerdict> | null> {
  const cached = await cachedTagTable(await openSession(store), tagId, { texts: true });
  return cached ? verdictsOf(cached.table, rules) : null;
}

function verdictsOf(table: FeatureTable, rules: Rules): Map<string, CandidateVerdict> {
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
      ...judgeOfRow(table, row),
    });
  }
  return verdicts;
}

function judgeOfRow(table: FeatureTable, row: number): { judge?: JudgeReading } {
  const score = table.numbers.judgeScore[row]!;
  const verdict = verdictOfCode(table.numbers.judgeVerdict[row]!);
  if (score <= 0 || !verdict) return {};
  // Float32 holds a score such as 7.5 exactly; one decimal is all a judge gives.
  return { judge: { score: Math.round(score * 10) / 10, verdict, rationale: table.text('judgeRationale', row) } };
}

/**
 * The rules fired on each candidate of a tag, without their details or ranks: what an export's
 * manifest counts per flag (the details' quotes cost more than the rules themselves).
 */
export async function loadFiredRules(store: ProjectStoreApi, tagId: string, rules = projectRules(store)): Promise<Map<string, RuleId[]>> {
  return firedRulesReader(store, rules)(tagId);
}

/**
 * loadFiredRules for tag after tag (an export): one session for all of them, and the last
 * check's masks where they are current. A session per tag read the question index's header
 * (every tag's versions and digests) again for each tag; with the masks no rule runs again.
 */
export function firedRulesReader(store: ProjectStoreApi, rules = projectRules(store)): (tagId: string) => Promise<Map<string, RuleId[]>> {
  let opened: Promise<{ session: CheckSession; masks: Map<string, TagRuleMasks>; keys: readonly string[] }> | null = null;
  return async (tagId) => {
    opened ??= (async () => {
      const session = await openSession(store);
      // As a check does: with an index of another build (or none), every table would be labelled
      // provisional and rebuilt, by this export and by each one after it, until a check ran.
      await session.questions.update();
      const [masks, code] = await Promise.all([session.cache.readRuleMasks(), ruleCodeFingerprint()]);
      return { session, masks, keys: ruleKeys(rules, code) };
    })();
    const { session, masks, keys } = await opened;
    // The numbers and the ids: the other texts (most of the file) are decoded only if a rule runs again and reads them.
    const { table, source } = await currentTagTable(session, tagId);
    const known = masks.get(tagId);
    const current = known && known.source === source && known.rows === table.size && staleRules(known, keys) === 0;
    const tagMasks = current ? known.masks : evaluateRules(table, rules);
    const ids = table.ids();
    const fired = new Map<string, RuleId[]>();
    for (let row = 0; row < table.size; row++) fired.set(ids[row]!, rulesOfMask(tagMasks[row]!));
    return fired;
  };
}

/**
 * How many candidates each rule flags over the whole project: from the last
 * check's summary for tags whose candidates have not changed since and under the
 * same thresholds, counted afresh for the others.
 */
export async function projectFlagCounts(store: ProjectStoreApi, rules = projectRules(store)): Promise<Record<RuleId, number>> {
  const session = await openSession(store);
  const stored = await session.cache.readSummary();
  const current = stored?.rules === rulesFingerprint(rules) ? stored.tags : {};
  const totals = emptyFlagCounts();
  for (const tag of store.tags()) {
    const candidates = candidateCount(session, tag.id);
    if (candidates === 0) continue;
    const entry = current[tag.id];
    const flags =
      entry && entry.candidates === candidates ? entry.flags : summarizeTable((await currentTagTable(session, tag.id)).table, rules).flags;
    for (const [rule, count] of Object.entries(flags)) totals[rule as RuleId] += count;
  }
  return totals;
}

/**
 * Each tag's flag counts from the last full check, for tags whose candidates
 * have not changed since and under the same thresholds: the review tree's ⚑
 * counts and the stats view without reading every tag of a large project.
 */
export async function summaryTagFlags(store: ProjectStoreApi, rules = projectRules(store)): Promise<Map<string, TagFlagSummary>> {
  const stored = await new ChecksCache(store.cacheDir).readSummary();
  const current = new Map<string, TagFlagSummary>();
  if (stored?.rules !== rulesFingerprint(rules)) return current;
  for (const [tagId, entry] of Object.entries(stored.tags)) {
    if (typeof entry.flagged === 'number' && entry.candidates === store.counts(tagId).candidates) current.set(tagId, entry);
  }
  return current;
}

/** Flagged candidates per tag from the last full check (see summaryTagFlags). */
export async function summaryFlaggedCounts(store: ProjectStoreApi, rules = projectRules(store)): Promise<Map<string, number>> {
  return new Map([...(await summaryTagFlags(store, rules))].map(([tagId, entry]) => [tagId, entry.flagged]));
}

/**
 * The candidates `accept --passing` accepts: per question, the best passing
 * candidates not yet decided, as many as make the question's accepted ones
 * `keepPerQuestion`; a reviewer's rejection is never overridden.
 */
export async function selectPassing(store: ProjectStoreApi, options: { keepPerQuestion?: number; rules?: Rules } = {}): Promise<string[]> {
  const rules = options.rules ?? projectRules(store);
  const keep = options.keepPerQuestion ?? rules.keepPerQuestion;
  const session = await openSession(store);
  const selected: string[] = [];
  for (const tag of store.tags()) {
    if (candidateCount(session, tag.id) === 0) continue;
    const { table } = await currentTagTable(session, tag.id, { texts: true });
    const decisions = await store.decisions(tag.id);
    const stale = await store.staleCandidates(tag.id);
    const masks = evaluateRules(table, rules);
    const ids = table.textColumn('id');
    const questionKeys = table.textColumn('questionKey');
    // A reviewer's rejection, or an answer to a question edited since (stale), counts as a failing verdict, so it is never ranked.
    for (let row = 0; row < table.size; row++) {
      if (decisions.get(ids[row]!)?.status === 'rejected' || stale.has(ids[row]!)) masks[row] = ALL_RULES_MASK;
    }
    const ranks = rankTable(table, masks, rules);
    const perQuestion = new Map<string, { accepted: number; open: number[] }>();
    for (let row = 0; row < table.size; row++) {
      const key = questionKeys[row]!;
      let question = perQuestion.get(key);
      if (!question) perQuestion.set(key, (question = { accepted: 0, open: [] }));
      const status = decisions.get(ids[row]!)?.status;
      if (status === 'accepted') question.accepted++;
      else if (status === undefined && ranks[row]! >= 0) question.open.push(row);
    }
    // The ones already accepted fill places first; the best undecided fill the rest.
    for (const { accepted, open } of perQuestion.values()) {
      open.sort((a, b) => ranks[a]! - ranks[b]!);
      for (const row of open.slice(0, Math.max(0, keep - accepted))) selected.push(ids[row]!);
    }
  }
  return selected;
}

/** What `select` reads of one tag: the candidate ids, the numeric columns it names, and the rule masks (a copy). */
export interface TagSelectionRows {
  tagId: string;
  ids: readonly string[];
  table: FeatureTable;
  masks: Uint32Array;
}

/**
 * Visits every tag with candidates, one at a time, reading only what selection needs: where
 * the tag's cached table is current, its ids and the `columns` from the cache file (no other
 * text column is parsed) and the last check's verdicts from cache/checks/rule-masks (rules
 * changed since evaluated again); elsewhere the tag's table as it stands (checked now) with
 * every rule evaluated. A damaged cache file is read the second way.
 */
export async function forEachTagSelectionRows(
  store: ProjectStoreApi,
  columns: readonly NumericColumn[],
  visit: (tag: TagSelectionRows) => void | Promise<void>,
  rules = projectRules(store),
): Promise<void> {
  const session = await openSession(store);
  const keys = ruleKeys(rules, await ruleCodeFingerprint());
  const storedMasks = await session.cache.readRuleMasks();
  // Verdicts evaluated here are saved as a check would save them: the next select (or check) reads them back.
  const masks = new Map<string, TagRuleMasks>();
  let masksChanged = false;
  for (const tag of store.tags()) {
    const count = candidateCount(session, tag.id);
    if (count === 0) continue;
    const known = storedMasks.get(tag.id);
    let rows: TagSelectionRows | null;
    try {
      const cached = await cachedSelectionRows(session, tag.id, count, rules, keys, known);
      if (cached) {
        for (const column of columns) void cached.table.numbers[column];
        masks.set(tag.id, cached.entry);
        if (cached.entry !== known) masksChanged = true;
      }
      rows = cached && { tagId: tag.id, ids: cached.ids, table: cached.table, masks: Uint32Array.from(cached.entry.masks) };
    } catch (error) {
      if (!(error instanceof CorruptCacheError)) throw error;
      rows = null;
    }
    if (!rows) {
      const { table } = await currentTagTable(session, tag.id, { texts: true });
      rows = { tagId: tag.id, ids: table.textColumn('id'), table, masks: evaluateRules(table, rules) };
    }
    await visit(rows);
  }
  if (masksChanged) {
    for (const [tagId, entry] of storedMasks) if (!masks.has(tagId)) masks.set(tagId, entry);
    await session.cache.writeRuleMasks(masks);
  }
}

/**
 * The tag's rows from its cache file, when the table there is current: the last check's masks
 * where they were computed from that table, with only the rules whose settings or code changed
 * since evaluated again (every rule without them); null when the table must be rebuilt.
 */
async function cachedSelectionRows(
  session: CheckSession,
  tagId: string,
  count: number,
  rules: Rules,
  keys: readonly string[],
  known: TagRuleMasks | undefined,
): Promise<{ ids: string[]; table: FeatureTable; entry: TagRuleMasks } | null> {
  const source = await tagSource(session, tagId, await session.questions.digestOf(tagId), (await session.findings.ofTag(tagId)).digest);
  const cached = await session.cache.readTagTable(tagId, { lazy: true });
  if (!cached || cached.source !== source || cached.table.size !== count) return null;
  const ids = readFeatureIds(session.cache.featuresPath(tagId), source);
  if (!ids) return null;
  if (known?.source === source && known.rows === count && staleRules(known, keys) === 0) return { ids, table: cached.table, entry: known };
  const stored = known?.source === source && known.rows === count ? { ...known, masks: Uint32Array.from(known.masks) } : undefined;
  return { ids, table: cached.table, entry: updateMasks(cached.table, rules, keys, source, stored) };
}
