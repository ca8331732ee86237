// A selection as stored in the project, `data/selections/NAME.json` (written atomically by
// `distill select`, read by `export --selection` and the review screen). It records decisions of
// its own (what is in, why the rest is out) and never changes a reviewer's.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { questionIdOfCandidate } from '../core/ids.js';
import { DistillError, UsageError } from '../core/distill-error.js';
import { readDocument, writeDocument } from '../store/json-document.js';
import type { OutReason, SelectedItem, SelectionResult, SelectSettings } from './select-pipeline.js';

export interface SelectionFile {
  version: 1;
  name: string;
  createdAt: string;
  settings: SelectSettings;
  funnel: SelectionResult['funnel'];
  items: SelectedItem[];
  out: Record<string, OutReason>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkSelectionName(name: string): string {
  if (!NAME.test(name))
    throw new UsageError(`selection name "${name}" must be letters, digits, '.', '_' or '-' (at most 64), starting with a letter or digit`);
  return name;
}

export function selectionPath(projectDir: string, name: string): string {
  return join(projectDir, 'data', 'selections', `${checkSelectionName(name)}.json`);
}

function isSelectionFile(data: unknown): data is SelectionFile {
  const file = data as Partial<SelectionFile> | null;
  return !!file && file.version === 1 && Array.isArray(file.items) && typeof file.out === 'object';
}

export async function writeSelection(projectDir: string, selection: SelectionFile): Promise<void> {
  await writeDocument(selectionPath(projectDir, selection.name), selection);
}

/** The names of the project's stored selections, sorted. */
export async function listSelections(projectDir: string): Promise<string[]> {
  try {
    const files = await readdir(join(projectDir, 'data', 'selections'));
    return files
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -'.json'.length))
      .filter((name) => NAME.test(name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function readSelection(projectDir: string, name: string): Promise<SelectionFile> {
  const file = await readDocument(selectionPath(projectDir, name), isSelectionFile, 'not a selection file');
  if (!file) {
    const names = await listSelections(projectDir);
    throw new DistillError(
      `no selection named "${name}" in this project (` +
        (names.length > 0 ? `selections: ${names.join(', ')})` : `none yet; make one with: distill select --budget N --name ${name})`),
    );
  }
  return file;
}

/** A selection's candidate ids grouped by tag id, in the order they were drawn. */
export function selectedIdsByTag(selection: Pick<SelectionFile, 'items'>): Map<string, string[]> {
  const byTag = new Map<string, string[]>();
  for (const item of selection.items) {
    const questionId = questionIdOfCandidate(item.id);
    const tagId = questionId.slice(0, questionId.lastIndexOf('-'));
    const ids = byTag.get(tagId);
    if (ids) ids.push(item.id);
    else byTag.set(tagId, [item.id]);
  }
  return byTag;
}
