// The newest stored selection as the stats view shows it: its spread (selection-spread.ts) and
// how even it is over its groups: the groups that had questions to draw from, the fewest and
// most drawn from one, against the uniform share (selected / groups).
import { stat } from 'node:fs/promises';
import { questionIdOfCandidate } from '../core/ids.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { listSelections, readSelection, selectionPath, type SelectionFile } from './selection-file.js';
import { selectionSpread, type SelectionSpread } from './selection-spread.js';

export interface GroupCount {
  /** The group's tag path, as the user named the tags (model text: sanitize before showing). */
  tag: string;
  count: number;
}

export interface SelectionOverview {
  spread: SelectionSpread;
  /** Selections stored in the project (this is the newest). */
  stored: number;
  /** Groups with a question that qualified: the ones the draw went round. */
  groups: number;
  uniformShare: number;
  fewest: GroupCount;
  most: GroupCount;
}

export async function newestSelectionOverview(store: ProjectStoreApi): Promise<SelectionOverview | null> {
  const names = await listSelections(store.dir);
  if (names.length === 0) return null;
  // By the file's time: a large project's selection holds a reason for each of its questions, so only one is read.
  const stamped = await Promise.all(names.map(async (name) => ({ name, at: (await stat(selectionPath(store.dir, name))).mtimeMs })));
  const newest = stamped.reduce((best, entry) => (entry.at > best.at ? entry : best));
  return selectionOverview(await readSelection(store.dir, newest.name), store, names.length);
}

export function selectionOverview(
  selection: SelectionFile,
  store: Pick<ProjectStoreApi, 'tagPath' | 'tag'>,
  stored = 1,
): SelectionOverview | null {
  const tagName = (tagId: string) => store.tagPath(tagId).join(' > ') || tagId;
  const spread = selectionSpread(selection, tagName);
  const counts = new Map<string, number>();
  for (const item of selection.items) counts.set(item.group, (counts.get(item.group) ?? 0) + 1);
  // Groups the draw could still have taken from: those of the questions left out for the budget alone.
  for (const [questionId, reason] of Object.entries(selection.out)) {
    if (reason !== 'not drawn within the budget') continue;
    const group = groupOf(questionId, selection.settings.diversity, store);
    if (!counts.has(group)) counts.set(group, 0);
  }
  if (counts.size === 0) return null;
  let fewest: GroupCount | null = null;
  let most: GroupCount | null = null;
  for (const [group, count] of [...counts].sort(([a], [b]) => tagName(a).localeCompare(tagName(b)))) {
    if (!fewest || count < fewest.count) fewest = { tag: tagName(group), count };
    if (!most || count > most.count) most = { tag: tagName(group), count };
  }
  return { spread, stored, groups: counts.size, uniformShare: selection.items.length / counts.size, fewest: fewest!, most: most! };
}

function groupOf(questionId: string, diversity: 'leaf' | 'top', store: Pick<ProjectStoreApi, 'tag'>): string {
  const leaf = questionIdOfCandidate(questionId);
  if (diversity === 'leaf') return leaf;
  let tag = store.tag(leaf);
  while (tag?.parentId) tag = store.tag(tag.parentId);
  return tag?.id ?? leaf;
}
