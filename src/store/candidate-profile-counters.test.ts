import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LENGTH_BUCKETS, SCRIPT_LANGUAGES, type CandidateProfile } from '../core/candidate-profile.js';
import { newProjectConfig } from '../core/project-config.js';
import { buildCandidates } from '../core/testing/candidate-builder.js';
import { ProjectStore } from './project-store.js';

/** A profile as readable numbers: candidates per length bucket and per language. */
function readable(profile: CandidateProfile): { lengths: Record<string, number>; languages: Record<string, number> } {
  const lengths: Record<string, number> = {};
  const languages: Record<string, number> = {};
  LENGTH_BUCKETS.forEach(([name], i) => profile[i] && (lengths[name] = profile[i]!));
  SCRIPT_LANGUAGES.forEach((name, i) => profile[LENGTH_BUCKETS.length + i] && (languages[name] = profile[LENGTH_BUCKETS.length + i]!));
  return { lengths, languages };
}

describe('candidate profile counters (the stats view)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'distill-profile-')), 'project');
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function seeded(): Promise<{ store: ProjectStore; tagId: string }> {
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
    const [tag] = await store.addTags(null, ['Endurance'], 'generated');
    const [question] = await store.addQuestions(tag!.id, [{ text: 'Why taper before a marathon?' }], 'generated');
    await store.appendCandidates(buildCandidates(question!, 2, { reasoning: 'Tapering lets the muscles recover. '.repeat(20) }));
    await store.appendCandidates(
      buildCandidates(question!, 3, (sample) => ({
        sample: sample + 2,
        reasoning: sample === 0 ? '' : '减量训练让肌肉得到恢复。'.repeat(50),
      })),
    );
    return { store, tagId: tag!.id };
  }

  it('counts reasoning lengths and languages as candidates are appended, and keeps them across a reopen', async () => {
    const { store, tagId } = await seeded();
    const expected = { lengths: { none: 1, '<1k': 4 }, languages: { en: 3, zh: 2 } };
    expect(readable(await store.candidateProfile(tagId))).toEqual(expected);
    await store.close();
    const reopened = await ProjectStore.open(dir);
    expect(readable(await reopened.candidateProfile(tagId))).toEqual(expected);
    await reopened.close();
  });

  it('recounts from the shard when a candidate arrived behind the counters', async () => {
    const { store, tagId } = await seeded();
    await store.close();
    const line = JSON.stringify({ ...buildCandidates({ id: `${tagId}-1`, tagId }, 6)[5], reasoning: 'x'.repeat(9_000) });
    await appendFile(join(dir, 'data', 'candidates', `${tagId}.jsonl`), line + '\n');
    const reopened = await ProjectStore.open(dir);
    const profile = readable(await reopened.candidateProfile(tagId));
    expect(profile.lengths).toEqual({ none: 1, '<1k': 4, '8k+': 1 });
    expect(reopened.counts(tagId).candidates).toBe(6);
    await reopened.close();
  });

  it('counts appends made at once (batched into one write) each once', async () => {
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
    const [tag] = await store.addTags(null, ['Endurance'], 'generated');
    const [question] = await store.addQuestions(tag!.id, [{ text: 'Why taper before a marathon?' }], 'generated');
    const candidates = buildCandidates(question!, 12, (sample) => ({ reasoning: sample % 3 === 0 ? '' : 'Recovery first. '.repeat(10) }));
    await Promise.all(candidates.map((candidate) => store.appendCandidates([candidate])));
    expect(readable(await store.candidateProfile(tag!.id))).toEqual({ lengths: { none: 4, '<500': 8 }, languages: { en: 12 } });
    await store.close();
  });
});
