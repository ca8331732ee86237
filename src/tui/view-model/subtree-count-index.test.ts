import { describe, expect, it } from 'vitest';
import type { Tag } from '../../core/types.js';
import type { TagCounts } from '../../store/store-api.js';
import { SubtreeCountIndex } from './subtree-count-index.js';
import { computeSubtreeCounts } from './tree-rows.js';

/** A tree of 3 areas × 4 topics whose counters and flagged counts the test changes. */
function fakeTree() {
  const tags: Tag[] = [];
  for (let area = 0; area < 3; area++) {
    tags.push({ id: `a${area}`, parentId: null, name: `Area ${area}`, origin: 'generated', createdAt: '' });
    for (let topic = 0; topic < 4; topic++) {
      tags.push({ id: `a${area}t${topic}`, parentId: `a${area}`, name: `Topic ${topic}`, origin: 'generated', createdAt: '' });
    }
  }
  const counts = new Map<string, TagCounts>(
    tags.filter((tag) => tag.parentId).map((tag) => [tag.id, { questions: 2, candidates: 8, accepted: 1, rejected: 1 }]),
  );
  const flagged = new Map<string, number>();
  const store = {
    children: (parentId: string | null) => tags.filter((tag) => tag.parentId === parentId),
    counts: (tagId: string) => ({ ...(counts.get(tagId) ?? { questions: 0, candidates: 0, accepted: 0, rejected: 0 }) }),
    tag: (tagId: string) => tags.find((tag) => tag.id === tagId),
    config: { topic: 'Topic' },
  };
  return { store, counts, flagged };
}

describe('subtree counts kept by deltas', () => {
  it('agrees with a full count after decisions and flagged counts change one tag at a time', () => {
    const { store, counts, flagged } = fakeTree();
    const index = new SubtreeCountIndex(store, (tagId) => flagged.get(tagId));
    index.rebuild();
    expect(index.counts.get(null)).toMatchObject({ candidates: 96, accepted: 12, flagged: null });

    // Every leaf's flagged count becomes known: the topic's total becomes a number.
    for (const tagId of counts.keys()) {
      flagged.set(tagId, 3);
      index.update([tagId]);
    }
    expect(index.counts.get(null)?.flagged).toBe(36);
    // Decisions in one topic move it, its area and the topic row; nothing else.
    counts.set('a1t2', { questions: 2, candidates: 8, accepted: 5, rejected: 2 });
    flagged.set('a1t2', 0);
    index.update(['a1t2']);
    const full = computeSubtreeCounts(store as never, (tagId) => flagged.get(tagId));
    expect(new Map(index.counts)).toEqual(full);
    expect(index.counts.get('a1')).toMatchObject({ accepted: 8, rejected: 5, flagged: 9 });
    expect(index.counts.get('a0')).toMatchObject({ accepted: 4, rejected: 4, flagged: 12 });
    // A flagged count forgotten again (the tag changed on disk): unknown up to the topic.
    flagged.delete('a0t0');
    index.update(['a0t0']);
    expect(index.counts.get('a0')?.flagged).toBeNull();
    expect(index.counts.get(null)?.flagged).toBeNull();
    expect(index.counts.get('a1')?.flagged).toBe(9);
  });
});
