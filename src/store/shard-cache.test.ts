import { describe, expect, it } from 'vitest';
import { ShardCache } from './shard-cache.js';

/** A cache of two whose loads and releases are recorded. */
function recordingCache(): { cache: ShardCache<{ tagId: string; load: number }>; loads: string[]; released: string[] } {
  const loads: string[] = [];
  const released: string[] = [];
  const cache = new ShardCache(
    2,
    (tagId) => {
      loads.push(tagId);
      return Promise.resolve({ tagId, load: loads.length });
    },
    (shard) => {
      released.push(shard.tagId);
      return Promise.resolve();
    },
  );
  return { cache, loads, released };
}

describe('shard cache', () => {
  it('reads a tag once without keeping it, and releases what it opened', async () => {
    const { cache, loads, released } = recordingCache();
    await cache.get('a');
    await cache.get('b');
    // A pass over other tags (a full check) neither keeps them nor pushes a and b out.
    expect((await cache.getOnce('c')).tagId).toBe('c');
    expect((await cache.getOnce('d')).tagId).toBe('d');
    expect(released).toEqual(['c', 'd']);
    expect(cache.peek('c')).toBeUndefined();
    expect(cache.peek('a')?.load).toBe(1);
    expect(cache.peek('b')?.load).toBe(2);
    // A tag in memory is given as it is, not loaded again.
    expect((await cache.getOnce('a')).load).toBe(1);
    expect(loads).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps the least recently used out first, as before', async () => {
    const { cache, released } = recordingCache();
    await cache.get('a');
    await cache.get('b');
    await cache.get('a');
    await cache.get('c');
    await Promise.resolve();
    expect(released).toEqual(['b']);
    expect(cache.peek('a')).toBeDefined();
  });
});
