import { appendFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newProjectConfig } from '../core/project-config.js';
import type { Candidate } from '../core/types.js';
import { ChangeLog } from './change-log.js';
import { ProjectChanges } from './project-changes.js';
import { ProjectLayout } from './project-layout.js';
import { ProjectStore } from './project-store.js';
import { ShardCountIndex } from './shard-counts.js';
import { projectShardKinds } from './shard-kinds.js';

function candidate(questionId: string, tagId: string, sample: number): Candidate {
  return {
    id: `${questionId}-${sample}`,
    questionId,
    tagId,
    sample,
    reasoning: 'Because.',
    answer: 'Four.',
    finishReason: 'stop',
    usage: null,
    model: 'test-model',
    latencyMs: 1,
    createdAt: new Date().toISOString(),
  };
}

/** The counters as a large project opens them: the change log trusted, no file checked at open. */
async function openLarge(dir: string): Promise<{ index: ShardCountIndex; changes: ProjectChanges }> {
  const layout = new ProjectLayout(dir);
  const kinds = projectShardKinds(layout, () => 0);
  const index = new ShardCountIndex(layout.countsCache, Object.values(kinds), () => undefined);
  const changes = new ProjectChanges(new ChangeLog(layout.changeLog), index, kinds, 0);
  await changes.open();
  return { index, changes };
}

describe('ProjectChanges on a project too large to check file by file at open', () => {
  it('replays what writers noted, and finds a change no one noted in the background', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'distill-changes-')), 'project');
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
    const [tag] = await store.addTags(null, ['Endurance'], 'generated');
    const [question] = await store.addQuestions(tag!.id, [{ text: 'Why taper?' }], 'generated');
    await store.appendCandidates([candidate(question!.id, tag!.id, 0)]);
    await store.close();

    // A hand edit, noted by no one: trusted counters do not see it at open…
    await appendFile(join(dir, 'data', 'candidates', `${tag!.id}.jsonl`), JSON.stringify(candidate(question!.id, tag!.id, 1)) + '\n');
    const { index, changes } = await openLarge(dir);
    expect(index.get(tag!.id).candidates).toBe(1);
    // …the background check does, a few entries per refresh.
    let found = new Set<string>();
    for (let round = 0; round < 5 && found.size === 0; round++) found = await index.verifySome(1);
    expect([...found]).toEqual([tag!.id]);
    expect(index.get(tag!.id).candidates).toBe(2);

    // A writer's change is noted, and picked up from the log alone.
    const writer = await ProjectStore.open(dir);
    await writer.appendCandidates([candidate(question!.id, tag!.id, 2)]);
    const seen: string[] = [];
    await changes.poll((noted) => Promise.resolve(void seen.push(...noted.map((change) => `${change.kind} ${change.tagId}`))));
    expect(seen).toEqual([`candidates ${tag!.id}`]);
    expect(index.get(tag!.id).candidates).toBe(3);
    await writer.close();

    // Its counters cache says how far the log was read: the next open replays nothing more.
    await changes.flushCounts();
    const again = await openLarge(dir);
    expect(again.index.get(tag!.id).candidates).toBe(3);
  });
});
