import { stat } from 'node:fs/promises';
import { newTagId } from '../core/ids.js';
import { normalizeTagName } from '../core/tag-path.js';
import { TagTree } from '../core/tag-tree.js';
import type { Tag } from '../core/types.js';
import { readDocument, writeDocument } from './json-document.js';
import { isDocumentOf, isTag } from './record-guards.js';
import { StoreError } from './store-error.js';

const isTagDocument = isDocumentOf('tags', isTag);

/** data/tags.json held in memory as a TagTree; every change is a locked read-modify-write. */
export class TagFile {
  tree = new TagTree([]);
  private version = '';

  constructor(readonly file: string) {}

  async reload(): Promise<boolean> {
    let version: string;
    try {
      const info = await stat(this.file);
      version = `${info.size}:${info.mtimeMs}`;
    } catch {
      version = 'missing';
    }
    if (version === this.version) return false;
    const document = await readDocument(this.file, isTagDocument, 'expected { "tags": [...] }');
    this.tree = new TagTree(document?.tags ?? []);
    this.version = version;
    return true;
  }

  /** Adds the names that are new among the parent's live children; returns the created tags. */
  async add(parentId: string | null, names: readonly string[], origin: Tag['origin']): Promise<Tag[]> {
    if (parentId !== null && !this.tree.get(parentId))
      throw new StoreError(`no tag ${parentId} in this project (it may have been deleted)`);
    const taken = new Set(this.tree.children(parentId).map((tag) => normalizeTagName(tag.name)));
    const now = new Date().toISOString();
    const created: Tag[] = [];
    for (const raw of names) {
      const name = raw.trim().replace(/\s+/g, ' ');
      const key = normalizeTagName(name);
      if (!name || taken.has(key) || name.includes('>')) continue;
      taken.add(key);
      created.push({ id: newTagId(), parentId, name, origin, createdAt: now });
    }
    if (created.length > 0) await this.save([...this.tree.all, ...created]);
    return created;
  }

  async rename(id: string, name: string): Promise<void> {
    const tag = this.requireLive(id);
    const clean = name.trim().replace(/\s+/g, ' ');
    if (!clean) throw new StoreError('a tag name cannot be empty');
    if (clean.includes('>')) throw new StoreError("a tag name cannot contain '>' (it separates path parts)");
    const clash = this.tree.childByName(tag.parentId, clean);
    if (clash && clash.id !== id) throw new StoreError(`a sibling tag is already named "${clash.name}"`);
    await this.save(this.tree.all.map((each) => (each.id === id ? { ...each, name: clean } : each)));
  }

  /** Tombstones the tag; its subtree disappears from the tree with it. */
  async remove(id: string): Promise<void> {
    this.requireLive(id);
    const at = new Date().toISOString();
    await this.save(this.tree.all.map((each) => (each.id === id ? { ...each, deleted: true, deletedAt: at } : each)));
  }

  async restore(id: string): Promise<void> {
    const tag = this.tree.getAny(id);
    if (!tag) throw new StoreError(`no tag ${id} in this project`);
    const clash = this.tree.childByName(tag.parentId, tag.name);
    if (clash && clash.id !== id) throw new StoreError(`cannot restore "${tag.name}": a sibling tag now has that name`);
    await this.save(
      this.tree.all.map((each) => {
        if (each.id !== id) return each;
        const { deleted: _deleted, deletedAt: _deletedAt, ...rest } = each;
        return rest;
      }),
    );
  }

  private requireLive(id: string): Tag {
    const tag = this.tree.get(id);
    if (!tag) throw new StoreError(`no tag ${id} in this project (it may have been deleted)`);
    return tag;
  }

  private async save(tags: Tag[]): Promise<void> {
    await writeDocument(this.file, { tags });
    this.tree = new TagTree(tags);
    const info = await stat(this.file);
    this.version = `${info.size}:${info.mtimeMs}`;
  }
}
