import { describe, expect, it } from 'vitest';
import { customIdOf, parseCustomId, type BatchTarget } from './custom-id.js';

describe('custom ids', () => {
  it('round-trip every kind of target', () => {
    const targets: BatchTarget[] = [
      { stage: 'answers', candidateId: 'tab12cd-3-1' },
      { stage: 'questions', tagId: 'tab12cd', total: 20 },
      { stage: 'tags', parentId: null, total: 10 },
      { stage: 'tags', parentId: null, total: 10, project: '0a1b2c3d' },
      { stage: 'tags', parentId: 'tab12cd', total: 4 },
    ];
    for (const target of targets) expect(parseCustomId(customIdOf(target))).toEqual(target);
  });

  it('do not claim lines distill did not write', () => {
    for (const id of [
      'request-1',
      'distill:answers:tab12cd-3',
      'distill:answers:../x',
      'distill:tags:topic:0',
      'distill:questions:nope:3',
      'distill:tags:topic.xyz:3',
    ]) {
      expect(parseCustomId(id), id).toBeNull();
    }
  });
});
