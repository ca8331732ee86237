import { join } from 'node:path';
import { loadVerdicts, projectRules, summaryTagFlags } from '../checks/project/check-project.js';
import type { TagFlagSummary } from '../checks/project/table-summary.js';
import { readJsonCache, writeJsonCache } from '../checks/project/json-cache.js';
import { costOf, DEFAULT_TEACHER_NAME, projectTeachers } from '../core/teacher-pool-config.js';
import type { ProjectStoreApi } from '../store/store-api.js';

/** How one teacher's work compares with the others' (`stats`, `stats --json`). */
export interface TeacherFigures {
  candidates: number;
  passing: number;
  accepted: number;
  tokens: number;
  /** US dollars at the teacher's price in distill.json; null when it has none. */
  cost: number | null;
  /** Mean time to an answer, in milliseconds; null with no answers. */
  latencyMs: number | null;
}

/** One tag's sums per teacher, as the cache keeps them (cost is priced when read, so a new price applies). */
interface TagSums {
  candidates: number;
  passing: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  timed: number;
}

interface CacheEntry {
  /** The tag's candidate count the sums were computed at: they hold while it is unchanged. */
  candidates: number;
  teachers: Record<string, TagSums>;
  /** With more than one teacher in the tag: whose each candidate is, to count decisions by teacher. */
  ids?: Record<string, string[]>;
}

interface CacheFile {
  rules: string;
  tags: Record<string, CacheEntry>;
}

/**
 * Per-teacher figures over the project. A tag's candidates and verdicts are
 * read only when its candidates or the rules changed since the last look; the
 * rest comes from `cache/teacher-stats.json`. Acceptances come from the store's
 * counters, and from the decision journal only in tags that mix teachers.
 */
export async function teacherFigures(store: ProjectStoreApi): Promise<{ teachers: Record<string, TeacherFigures>; cost: number | null }> {
  const path = join(store.cacheDir, 'teacher-stats.json');
  const rules = JSON.stringify(projectRules(store));
  const stored = await readJsonCache<CacheFile>(path);
  const cache: CacheFile = { rules, tags: stored?.rules === rules && stored.tags ? stored.tags : {} };
  let changed = stored?.rules !== rules;
  const totals = new Map<string, TagSums & { accepted: number }>();
  // Read once, and only if some tag needs summing: each tag's passing count as of the last check.
  let checked: Map<string, TagFlagSummary> | null = null;
  for (const tag of store.tags()) {
    const counts = store.counts(tag.id);
    if (counts.candidates === 0) continue;
    let entry = cache.tags[tag.id];
    if (entry?.candidates !== counts.candidates) {
      checked ??= await summaryTagFlags(store);
      entry = await sumTag(store, tag.id, counts.candidates, checked.get(tag.id));
      cache.tags[tag.id] = entry;
      changed = true;
    }
    // Only a tag that mixes teachers reads its journal; in the others the first (only) teacher has them all.
    const mixed = entry.ids !== undefined && counts.accepted > 0 && Object.keys(entry.teachers).length > 1;
    const accepted = mixed ? await acceptedByTeacher(store, tag.id, entry, counts.accepted) : null;
    let first = true;
    for (const name in entry.teachers) {
      addTeacherSums(totals, name, entry.teachers[name]!, accepted ? (accepted.get(name) ?? 0) : first ? counts.accepted : 0);
      first = false;
    }
  }
  // A derived cache: failing to write it costs a recount next time, nothing else.
  if (changed) await writeJsonCache(path, cache).catch(() => undefined);

  const prices = new Map(projectTeachers(store.config).map((teacher) => [teacher.name, teacher.price]));
  const teachers: Record<string, TeacherFigures> = {};
  let cost: number | null = null;
  for (const [name, sums] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    const teacherCost = costOf(prices.get(name) ?? null, sums.promptTokens, sums.completionTokens);
    if (teacherCost !== null) cost = (cost ?? 0) + teacherCost;
    teachers[name] = {
      candidates: sums.candidates,
      passing: sums.passing,
      accepted: sums.accepted,
      tokens: sums.promptTokens + sums.completionTokens,
      cost: teacherCost,
      latencyMs: sums.timed > 0 ? Math.round(sums.latencyMs / sums.timed) : null,
    };
  }
  return { teachers, cost };
}

async function acceptedByTeacher(store: ProjectStoreApi, tagId: string, entry: CacheEntry, accepted: number): Promise<Map<string, number>> {
  const names = Object.keys(entry.teachers);
  if (accepted === 0) return new Map();
  if (names.length === 1 || !entry.ids) return new Map([[names[0]!, accepted]]);
  const teacherOf = new Map<string, string>();
  for (const [name, ids] of Object.entries(entry.ids)) for (const id of ids) teacherOf.set(id, name);
  const byTeacher = new Map<string, number>();
  for (const [id, decision] of await store.decisions(tagId)) {
    if (decision.status !== 'accepted') continue;
    const name = teacherOf.get(id);
    if (name) byTeacher.set(name, (byTeacher.get(name) ?? 0) + 1);
  }
  return byTeacher;
}

/**
 * A tag's sums per teacher. Which candidates pass comes from the last check's summary when the
 * tag has one teacher and the summary is current for it; else from the tag's verdicts. (Verdicts
 * per tag re-read the checks' question index header, which grows with the project: summing every
 * tag of a 50,000-tag project that way took the first `stats` more than 40 minutes.)
 */
async function sumTag(store: ProjectStoreApi, tagId: string, count: number, checked: TagFlagSummary | undefined): Promise<CacheEntry> {
  const candidates = await store.candidates(tagId);
  const teacherOf = (candidate: (typeof candidates)[number]) => candidate.teacher ?? DEFAULT_TEACHER_NAME;
  const oneTeacher = candidates.every((candidate) => teacherOf(candidate) === teacherOf(candidates[0]!));
  const fromSummary = oneTeacher && checked?.candidates === candidates.length ? checked.passing : null;
  const verdicts = fromSummary === null ? await loadVerdicts(store, tagId) : null;
  const sums = new Map<string, TagSums>();
  const ids = new Map<string, string[]>();
  for (const candidate of candidates) {
    // Candidates from before teacher pools came from the project's one teacher, named `default` since.
    const name = teacherOf(candidate);
    addSums(sums, name, {
      candidates: 1,
      passing: verdicts?.get(candidate.id)?.verdict === 'pass' ? 1 : 0,
      promptTokens: candidate.usage?.promptTokens ?? 0,
      completionTokens: candidate.usage?.completionTokens ?? 0,
      latencyMs: candidate.latencyMs > 0 ? candidate.latencyMs : 0,
      timed: candidate.latencyMs > 0 ? 1 : 0,
    });
    const list = ids.get(name) ?? [];
    list.push(candidate.id);
    ids.set(name, list);
  }
  if (fromSummary !== null && candidates.length > 0) sums.get(teacherOf(candidates[0]!))!.passing = fromSummary;
  return { candidates: count, teachers: Object.fromEntries(sums), ...(sums.size > 1 ? { ids: Object.fromEntries(ids) } : {}) };
}

/** addSums for the project's totals, field by field: at 50,000 tags, a copy and a key walk per tag showed. */
function addTeacherSums(into: Map<string, TagSums & { accepted: number }>, name: string, sums: TagSums, accepted: number): void {
  const current = into.get(name);
  if (!current) {
    into.set(name, { ...sums, accepted });
    return;
  }
  current.candidates += sums.candidates;
  current.passing += sums.passing;
  current.promptTokens += sums.promptTokens;
  current.completionTokens += sums.completionTokens;
  current.latencyMs += sums.latencyMs;
  current.timed += sums.timed;
  current.accepted += accepted;
}

function addSums<T extends TagSums>(into: Map<string, T>, name: string, sums: T): void {
  const current = into.get(name);
  if (!current) {
    into.set(name, { ...sums });
    return;
  }
  for (const key of Object.keys(sums) as (keyof T & string)[]) (current[key] as number) += sums[key] as number;
}
