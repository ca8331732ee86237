import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../store/atomic-file.js';
import { join } from 'node:path';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { DuplicateInfo } from './tag-features.js';

/** Where the checker's derived files live (it is their one writer); all safe to delete. */
export function checksDir(store: ProjectStoreApi): string {
  return join(store.cacheDir, 'checks');
}

export function featureCachePath(store: ProjectStoreApi, tagId: string): string {
  return join(checksDir(store), `${tagId}.features`);
}

export interface TagFlagSummary {
  candidates: number;
  passing: number;
  failing: number;
  /** Candidates with any flag, soft ones included (what the review tree shows as ⚑). */
  flagged: number;
  flags: Record<string, number>;
}

/** Per-tag counts of the last check, for the TUI tree and `stats`, valid for the rules they were computed with. */
export interface FlagSummaryFile {
  rules: string;
  tags: Record<string, TagFlagSummary>;
}

export async function readJsonCache<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null; // missing or damaged: derived data, recomputed by the caller
  }
}

export async function writeJsonCache(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value));
}

export const summaryPath = (store: ProjectStoreApi): string => join(checksDir(store), 'summary.json');
export const duplicatesPath = (store: ProjectStoreApi): string => join(checksDir(store), 'duplicates.json');

export async function readDuplicates(store: ProjectStoreApi): Promise<Map<string, DuplicateInfo>> {
  const stored = await readJsonCache<Record<string, DuplicateInfo>>(duplicatesPath(store));
  return new Map(Object.entries(stored ?? {}));
}
