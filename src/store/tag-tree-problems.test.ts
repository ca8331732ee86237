import { describe, expect, it } from 'vitest';
import type { Tag } from '../core/types.js';
import { tagTreeProblem } from './tag-tree-problems.js';

const tag = (id: string, parentId: string | null): Tag => ({ id, parentId, name: id, origin: 'manual', createdAt: '2026-01-01T00:00:00Z' });

describe('tagTreeProblem (hand-edited tags.json)', () => {
  it('accepts a sound tree whatever the order of its lines (a child before its parent)', () => {
    expect(tagTreeProblem([tag('t1', null), tag('t2', 't1')])).toBeNull();
    expect(tagTreeProblem([tag('t2', 't1'), tag('t3', 't2'), tag('t1', null)])).toBeNull();
  });

  it('names a cycle and a missing parent, also when every other tag is in file order', () => {
    expect(tagTreeProblem([tag('t1', null), tag('t2', 't3'), tag('t3', 't2')])).toMatch(/t2 "t2" > t3 "t3" lead back to t2: a cycle/);
    expect(tagTreeProblem([tag('t1', null), tag('t2', 'tx')])).toMatch(/tag t2 "t2" names a parent tx that is not in the file/);
  });
});
