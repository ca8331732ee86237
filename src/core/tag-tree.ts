import { normalizeTagName, tagNames } from './tag-path.js';
import type { Tag } from './types.js';

/**
 * Read-only index over the tag list: children, leaves, paths and lookup by
 * path. Deleted tags (tombstones) are kept by id but left out of the tree.
 */
export class TagTree {
  readonly all: readonly Tag[];
  private readonly byId = new Map<string, Tag>();
  private readonly childrenOf = new Map<string | null, Tag[]>();
  /**
   * The live tags, worked out once: the tree never changes after it is built, and at 50,000
   * tags walking every tag's ancestors again for each `live()` or `get()` was a large part of
   * `distill stats` and of the review's first screen.
   */
  private readonly liveList: Tag[] = [];
  private readonly liveSet = new Set<Tag>();

  constructor(tags: readonly Tag[]) {
    this.all = tags;
    for (const tag of tags) this.byId.set(tag.id, tag);
    for (const tag of tags) {
      if (!this.walksToLiveTop(tag)) continue;
      this.liveList.push(tag);
      this.liveSet.add(tag);
      const siblings = this.childrenOf.get(tag.parentId) ?? [];
      siblings.push(tag);
      this.childrenOf.set(tag.parentId, siblings);
    }
  }

  /** A tag is live when neither it nor an ancestor is deleted. */
  private walksToLiveTop(tag: Tag): boolean {
    let current: Tag | undefined = tag;
    for (let depth = 0; current && depth < 64; depth++) {
      if (current.deleted) return false;
      current = current.parentId ? this.byId.get(current.parentId) : undefined;
    }
    return true;
  }

  private isLive(tag: Tag): boolean {
    return this.liveSet.has(tag);
  }

  live(): Tag[] {
    return this.liveList.slice();
  }

  get(id: string): Tag | undefined {
    const tag = this.byId.get(id);
    return tag && this.isLive(tag) ? tag : undefined;
  }

  /** Includes deleted tags, for restore and for reading old data. */
  getAny(id: string): Tag | undefined {
    return this.byId.get(id);
  }

  children(parentId: string | null): Tag[] {
    return this.childrenOf.get(parentId) ?? [];
  }

  isLeaf(id: string): boolean {
    return this.children(id).length === 0;
  }

  path(id: string): string[] {
    return tagNames(this.byId, id);
  }

  depth(id: string): number {
    return this.path(id).length;
  }

  /** Live tags at depth `depth` (1 = top level), in creation order. */
  atDepth(depth: number): Tag[] {
    return this.live().filter((tag) => this.depth(tag.id) === depth);
  }

  leaves(): Tag[] {
    return this.live().filter((tag) => this.isLeaf(tag.id));
  }

  /** All live descendants of `id` (not including it), depth first. */
  descendants(id: string | null): Tag[] {
    const out: Tag[] = [];
    const walk = (parentId: string | null): void => {
      for (const child of this.children(parentId)) {
        out.push(child);
        walk(child.id);
      }
    };
    walk(id);
    return out;
  }

  childByName(parentId: string | null, name: string): Tag | undefined {
    const wanted = normalizeTagName(name);
    return this.children(parentId).find((tag) => normalizeTagName(tag.name) === wanted);
  }

  /** Resolves names from the top level down; a leading topic name is skipped. */
  find(names: readonly string[], topic?: string): Tag | undefined {
    let parts = [...names];
    if (topic && parts.length > 0 && normalizeTagName(parts[0]!) === normalizeTagName(topic) && !this.childByName(null, parts[0]!)) {
      parts = parts.slice(1);
    }
    let current: Tag | undefined;
    for (const part of parts) {
      current = this.childByName(current ? current.id : null, part);
      if (!current) return undefined;
    }
    return current;
  }
}
