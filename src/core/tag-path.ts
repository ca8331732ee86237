import type { Tag } from './types.js';

/** The separator users type and prompts show: "Sports science > Endurance > Marathon". */
export const PATH_SEPARATOR = ' > ';

export function joinTagPath(names: readonly string[]): string {
  return names.join(PATH_SEPARATOR);
}

/** Splits a user-typed path; tolerant of spacing around '>'. */
export function splitTagPath(path: string): string[] {
  return path
    .split('>')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Tag names compare case- and space-insensitively, so "Heart Rate" and "heart  rate" are one tag. */
export function normalizeTagName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Names from the top-level tag down to `tagId` (the topic not included). */
export function tagNames(tagsById: ReadonlyMap<string, Tag>, tagId: string): string[] {
  const names: string[] = [];
  let current = tagsById.get(tagId);
  // The depth bound guards against a hand-edited file with a parent cycle.
  for (let depth = 0; current && depth < 64; depth++) {
    names.unshift(current.name);
    current = current.parentId ? tagsById.get(current.parentId) : undefined;
  }
  return names;
}
