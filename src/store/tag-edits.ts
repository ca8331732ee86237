import { newTagId } from '../core/ids.js';
import { normalizeTagName } from '../core/tag-path.js';
import type { TagTree } from '../core/tag-tree.js';
import type { Tag } from '../core/types.js';
import { StoreError } from './store-error.js';

// The tag tree's edits as pure functions from the tree to the next tag list,
// shared by the file-backed store and the in-memory one, so both refuse the same things.

/** Adds the names that are new among the parent's live children. */
export function addedTags(tree: TagTree, parentId: string | null, names: readonly string[], origin: Tag['origin']): Tag[] {
  if (parentId !== null && !tree.get(parentId)) throw new StoreError(`no tag ${parentId} in this project (it may have been deleted)`);
  const taken = new Set(tree.children(parentId).map((tag) => normalizeTagName(tag.name)));
  const now = new Date().toISOString();
  const created: Tag[] = [];
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    const key = normalizeTagName(name);
    if (!name || taken.has(key) || name.includes('>')) continue;
    taken.add(key);
    created.push({ id: newTagId(), parentId, name, origin, createdAt: now });
  }
  return created;
}

export function renamedTags(tree: TagTree, id: string, name: string): Tag[] {
  const tag = requireLive(tree, id);
  const clean = name.trim().replace(/\s+/g, ' ');
  if (!clean) throw new StoreError('a tag name cannot be empty');
  if (clean.includes('>')) throw new StoreError("a tag name cannot contain '>' (it separates path parts)");
  const clash = tree.childByName(tag.parentId, clean);
  if (clash && clash.id !== id) throw new StoreError(`a sibling tag is already named "${clash.name}"`);
  return tree.all.map((each) => (each.id === id ? { ...each, name: clean } : each));
}

/** Tombstones the tag; its subtree disappears from the tree with it. */
export function removedTags(tree: TagTree, id: string): Tag[] {
  requireLive(tree, id);
  const at = new Date().toISOString();
  return tree.all.map((each) => (each.id === id ? { ...each, deleted: true, deletedAt: at } : each));
}

export function restoredTags(tree: TagTree, id: string): Tag[] {
  const tag = tree.getAny(id);
  if (!tag) throw new StoreError(`no tag ${id} in this project`);
  const clash = tree.childByName(tag.parentId, tag.name);
  if (clash && clash.id !== id) throw new StoreError(`cannot restore "${tag.name}": a sibling tag now has that name`);
  return tree.all.map((each) => {
    if (each.id !== id) return each;
    const { deleted: _deleted, deletedAt: _deletedAt, ...rest } = each;
    return rest;
  });
}

function requireLive(tree: TagTree, id: string): Tag {
  const tag = tree.get(id);
  if (!tag) throw new StoreError(`no tag ${id} in this project (it may have been deleted)`);
  return tag;
}
