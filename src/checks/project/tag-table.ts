import { createHash } from 'node:crypto';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { FeatureTable } from '../features/feature-table.js';
import type { ChecksCache, TagTableRead } from './checks-cache.js';
import type { ProjectQuestions } from './project-questions.js';
import type { QuestionFindings } from '../../selection/question-findings.js';

/** What one check shares across its tags. */
export interface CheckSession {
  store: ProjectStoreApi;
  cache: ChecksCache;
  questions: ProjectQuestions;
  /** The extraction code's fingerprint (extraction-fingerprint.ts). */
  fingerprint: string;
  /** Candidates per tag, as the store counted them when the session began. */
  candidateCounts: Map<string, number>;
  /** What decontaminate (and the other selection commands) found about the questions. */
  findings: QuestionFindings;
  /**
   * A pass over every tag (a full check): candidates read to rebuild a table are not kept in the
   * store's memory. Kept, a hundred tags' texts stayed alive and the first check of a million
   * candidates peaked over 1 GB.
   */
  pass?: boolean;
}

/** The tag's candidate count, asked of the store once per session. */
export function candidateCount(session: CheckSession, tagId: string): number {
  let count = session.candidateCounts.get(tagId);
  if (count === undefined) session.candidateCounts.set(tagId, (count = session.store.counts(tagId).candidates));
  return count;
}

/**
 * One tag's feature table as the tag stands now: the cached one while nothing
 * it was computed from has changed (the code, the language, the tag's
 * questions and candidates, their near-duplicate findings), else rebuilt, with
 * features extracted only for candidates whose text or question changed, and
 * saved. `texts` asks for a table whose text columns are read (verdicts,
 * details); counting flags needs the numbers only.
 */
export async function currentTagTable(
  session: CheckSession,
  tagId: string,
  options: TagTableRead = {},
): Promise<{ table: FeatureTable; extracted: number; source: string }> {
  const { store, cache } = session;
  const { cached, current, found } = await readCachedTagTable(session, tagId, options);
  if (current) return { table: current.table, extracted: 0, source: current.source };
  // Loaded only to rebuild: the extraction code (language models, answer parsing) is a fifth of a second of CPU at start.
  const { buildTagTable } = await import('./tag-features.js');
  const questions = (await store.questions(tagId)).filter((question) => !question.deleted);
  const candidates = await store.candidates(tagId, session.pass ? { keep: false } : {});
  const findings = await session.questions.findingsOf(tagId);
  const { table, extracted } = buildTagTable({
    candidates,
    questions: new Map(questions.map((question) => [question.id, question])),
    duplicates: findings.duplicates,
    contamination: found.contamination,
    judgements: await found.judgements(),
    language: store.config.language,
    fingerprint: session.fingerprint,
    previous: cached ? await cache.withTexts(tagId, cached.table) : null,
  });
  // Labelled with what it was computed from: provisional findings make the next full check revisit it.
  const source = await tagSource(session, tagId, findings.digest, found.digest);
  await cache.writeTagTable(tagId, table, source);
  return { table, extracted, source };
}

/**
 * The tag's cached table when nothing it was computed from has changed, else null: what a caller
 * that must not spend the extraction here (the review screen's key path) asks first.
 */
export async function cachedTagTable(
  session: CheckSession,
  tagId: string,
  options: TagTableRead = {},
): Promise<{ table: FeatureTable; source: string } | null> {
  return (await readCachedTagTable(session, tagId, options)).current;
}

async function readCachedTagTable(session: CheckSession, tagId: string, options: TagTableRead) {
  const cached = await session.cache.readTagTable(tagId, options);
  const found = await session.findings.ofTag(tagId);
  let current: { table: FeatureTable; source: string } | null = null;
  if (cached && cached.source === (await tagSource(session, tagId, await session.questions.digestOf(tagId), found.digest))) {
    if (cached.table.size === candidateCount(session, tagId)) current = { table: cached.table, source: cached.source };
  }
  return { cached, current, found };
}

/** What a tag's cached table must have been computed from to be used as it is. */
export async function tagSource(session: CheckSession, tagId: string, digest: string, foundDigest: string): Promise<string> {
  const versions = await session.questions.versionsOf(tagId);
  // Without selection findings the source reads as before, so existing caches stay valid.
  const parts = [session.fingerprint, session.store.config.language, versions.questions, versions.candidates, digest];
  if (foundDigest) parts.push(foundDigest);
  return createHash('sha1').update(parts.join('\0')).digest('base64url').slice(0, 22);
}
