import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { loadVerdicts, projectRules } from '../checks/project/check-project.js';
import { readJsonCache, writeJsonCache } from '../checks/project/project-check-files.js';
import { costOf, DEFAULT_TEACHER_NAME, projectTeachers } from '../core/teacher-pool-config.js';
import type { ProjectStore } from '../store/project-store.js';

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
  accepted: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  timed: number;
}

interface CacheEntry {
  /** What the sums were computed from: they hold while these are unchanged. */
  key: string;
  teachers: Record<string, TagSums>;
}

interface CacheFile {
  rules: string;
  tags: Record<string, CacheEntry>;
}

/**
 * Per-teacher figures over the project. A tag is read (candidates, decisions,
 * verdicts) only when its candidates, decisions or the rules changed since the
 * last look; the rest comes from `cache/teacher-stats.json`, so a second
 * `stats` on a big project reads nothing but that file.
 */
export async function teacherFigures(store: ProjectStore): Promise<{ teachers: Record<string, TeacherFigures>; cost: number | null }> {
  const path = join(store.layout.cacheDir, 'teacher-stats.json');
  const rules = JSON.stringify(projectRules(store));
  const stored = await readJsonCache<CacheFile>(path);
  const cache: CacheFile = { rules, tags: stored?.rules === rules && stored.tags ? stored.tags : {} };
  let changed = stored?.rules !== rules;
  const totals = new Map<string, TagSums>();
  for (const tag of store.tags()) {
    const counts = store.counts(tag.id);
    if (counts.candidates === 0) continue;
    const key = `${counts.candidates}/${counts.accepted}/${counts.rejected}/${await decisionsVersion(store, tag.id, counts.accepted + counts.rejected)}`;
    let entry = cache.tags[tag.id];
    if (entry?.key !== key) {
      entry = { key, teachers: await sumTag(store, tag.id) };
      cache.tags[tag.id] = entry;
      changed = true;
    }
    for (const [name, sums] of Object.entries(entry.teachers)) addSums(totals, name, sums);
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

/** Decisions can change without their counts changing (one accepted, another rejected): the journal's size says so. */
async function decisionsVersion(store: ProjectStore, tagId: string, decided: number): Promise<string> {
  if (decided === 0) return '-';
  const info = await stat(store.layout.decisions(tagId)).catch(() => null);
  return info ? `${info.size}@${info.mtimeMs}` : '-';
}

async function sumTag(store: ProjectStore, tagId: string): Promise<Record<string, TagSums>> {
  const [candidates, decisions, verdicts] = await Promise.all([store.candidates(tagId), store.decisions(tagId), loadVerdicts(store, tagId)]);
  const sums = new Map<string, TagSums>();
  for (const candidate of candidates) {
    // Candidates from before teacher pools came from the project's one teacher, named `default` since.
    const name = candidate.teacher ?? DEFAULT_TEACHER_NAME;
    addSums(sums, name, {
      candidates: 1,
      passing: verdicts.get(candidate.id)?.verdict === 'pass' ? 1 : 0,
      accepted: decisions.get(candidate.id)?.status === 'accepted' ? 1 : 0,
      promptTokens: candidate.usage?.promptTokens ?? 0,
      completionTokens: candidate.usage?.completionTokens ?? 0,
      latencyMs: candidate.latencyMs > 0 ? candidate.latencyMs : 0,
      timed: candidate.latencyMs > 0 ? 1 : 0,
    });
  }
  return Object.fromEntries(sums);
}

function addSums(into: Map<string, TagSums>, name: string, sums: TagSums): void {
  const current = into.get(name);
  if (!current) {
    into.set(name, { ...sums });
    return;
  }
  current.candidates += sums.candidates;
  current.passing += sums.passing;
  current.accepted += sums.accepted;
  current.promptTokens += sums.promptTokens;
  current.completionTokens += sums.completionTokens;
  current.latencyMs += sums.latencyMs;
  current.timed += sums.timed;
}
