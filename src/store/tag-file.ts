import { stat } from 'node:fs/promises';
import { TagTree } from '../core/tag-tree.js';
import type { Tag } from '../core/types.js';
import { readDocument, writeDocument } from './json-document.js';
import { isDocumentOf, isTag } from './record-guards.js';
import { corruptFileError } from './store-error.js';
import { addedTags, removedTags, renamedTags, restoredTags } from './tag-edits.js';
import { tagTreeProblem } from './tag-tree-problems.js';

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
    const problem = tagTreeProblem(document?.tags ?? []);
    if (problem) throw corruptFileError(this.file, problem);
    this.tree = new TagTree(document?.tags ?? []);
    this.version = version;
    return true;
  }

  /** Adds the names that are new among the parent's live children; returns the created tags. */
  async add(parentId: string | null, names: readonly string[], origin: Tag['origin']): Promise<Tag[]> {
    const created = addedTags(this.tree, parentId, names, origin);
    if (created.length > 0) await this.save([...this.tree.all, ...created]);
    return created;
  }

  rename(id: string, name: string): Promise<void> {
    return this.save(renamedTags(this.tree, id, name));
  }

  /** Tombstones the tag; its subtree disappears from the tree with it. */
  remove(id: string): Promise<void> {
    return this.save(removedTags(this.tree, id));
  }

  restore(id: string): Promise<void> {
    return this.save(restoredTags(this.tree, id));
  }

  private async save(tags: Tag[]): Promise<void> {
    await writeDocument(this.file, { tags });
    this.tree = new TagTree(tags);
    const info = await stat(this.file);
    this.version = `${info.size}:${info.mtimeMs}`;
  }
}
