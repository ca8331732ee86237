import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../store/atomic-file.js';

/*
 * Small derived JSON files (caches anyone may delete): reading one that is
 * missing or damaged gives null, and writing one never fails the command that
 * wanted it (a full disk or a read-only project costs a recompute next time).
 */

export async function readJsonCache<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return null; // missing or damaged: derived data, recomputed by the caller
  }
}

/** Writes the cache file if it can; says whether it could. */
export async function writeJsonCache(path: string, value: unknown): Promise<boolean> {
  const text = JSON.stringify(value);
  try {
    await writeFileAtomic(path, text);
    return true;
  } catch {
    return false;
  }
}
