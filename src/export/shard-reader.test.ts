import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCandidates } from '../core/testing/candidate-builder.js';
import { newProjectConfig } from '../core/project-config.js';
import { ProjectStore } from '../store/project-store.js';
import { ShardReader } from './shard-reader.js';

describe('ShardReader (what export workers read)', () => {
  it('weighs decisions as the store does, for the accepting candidates and for a selection', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'distill-shard-reader-')), 'p');
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Running', baseUrl: 'offline' }));
    await store.updateReviewSettings({ doubleShare: 0.5 });
    const [tag] = await store.addTags(null, ['Pacing'], 'generated');
    const questions = await store.addQuestions(
      tag!.id,
      Array.from({ length: 8 }, (_, i) => ({ text: `How fast is pace ${i}?` })),
      'generated',
    );
    const candidates = questions.flatMap((question) =>
      buildCandidates(question, 3, (sample) => ({ reasoning: 'r', answer: `a${sample}` })),
    );
    await store.appendCandidates(candidates);
    const ids = candidates.map((candidate) => candidate.id);
    await store.decide(
      ids.map((id) => ({ id, status: 'accepted' as const })),
      { reviewer: 'alice' },
    );
    // A second reviewer disagrees on some (pending on double-reviewed items, else the later vote stands),
    // one is rejected after its accept, one accepted after a reject, one adjudicated.
    await store.decide(
      ids.slice(0, 6).map((id) => ({ id, status: 'rejected' as const })),
      { reviewer: 'bob' },
    );
    await store.decide([{ id: ids[7]!, status: 'rejected' }], { reviewer: 'alice' });
    await store.decide([{ id: ids[8]!, status: 'rejected' }], { reviewer: 'alice' });
    await store.decide([{ id: ids[8]!, status: 'accepted' }], { reviewer: 'alice' });
    await store.decide([{ id: ids[1]!, status: 'accepted' }], { reviewer: 'carol', adjudicate: true });
    await store.decide([{ id: ids[9]!, status: 'rejected' }], { reviewer: 'carol', adjudicate: true });
    // An edited question: the decisions on its candidates no longer apply.
    await store.editQuestion(questions[5]!.id, 'How fast is pace five, really?');
    // A regenerated candidate (another generation under the same id): its decision no longer applies.
    const [regenerated] = buildCandidates(questions[6]!, 1, () => ({ reasoning: 'r2', answer: 'new' }));
    await store.writeCandidates([{ ...regenerated!, gen: 'zzzzzzzz' }]).then(({ saved }) => saved);

    const expected = await store.decisions(tag!.id);
    const accepted = (decisions: ReadonlyMap<string, { status: string }>) =>
      [...decisions].filter(([, decision]) => decision.status === 'accepted').map(([id]) => id);
    expect(accepted(expected).length).toBeGreaterThan(3);
    expect(accepted(expected).length).toBeLessThan(ids.length - 4);

    const reader = new ShardReader(dir);
    expect(accepted(await reader.decisions(tag!.id, 'accepting'))).toEqual(accepted(expected));
    const asked = new Set(ids.slice(0, 12));
    const selected = await reader.decisions(tag!.id, asked);
    expect([...selected]).toEqual([...expected].filter(([id]) => asked.has(id)));
    await store.close();
  });
});
