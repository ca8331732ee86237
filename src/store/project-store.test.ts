import { mkdtemp, readFile, writeFile, appendFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildCandidate } from '../core/testing/candidate-builder.js';
import { parseJson, readJson } from '../../test/support/json.js';
import { newProjectConfig } from '../core/project-config.js';
import type { Candidate, DecisionEntry, ProjectConfig } from '../core/types.js';
import { ProjectStore } from './project-store.js';

function candidate(questionId: string, tagId: string, sample: number, answer = 'The answer is 4.'): Candidate {
  return buildCandidate({ questionId, tagId, sample, answer });
}

describe('ProjectStore', () => {
  let dir: string;

  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'distill-store-')), 'project');
  });

  async function seeded() {
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
    const [endurance] = await store.addTags(null, ['Endurance'], 'generated');
    const [marathon] = await store.addTags(endurance!.id, ['Marathon'], 'generated');
    const questions = await store.addQuestions(marathon!.id, [{ text: 'What is 2+2?' }, { text: 'Why taper?' }], 'generated');
    await store.appendCandidates([candidate(questions[0]!.id, marathon!.id, 0), candidate(questions[0]!.id, marathon!.id, 1)]);
    return { store, endurance: endurance!, marathon: marathon!, questions };
  }

  it('keeps tags, questions, candidates and decisions across a reopen', async () => {
    const { store, marathon, questions } = await seeded();
    await store.decide([
      { id: `${questions[0]!.id}-0`, status: 'accepted' },
      { id: `${questions[0]!.id}-1`, status: 'rejected', reason: 'too terse' },
    ]);
    await store.close();

    const reopened = await ProjectStore.open(dir);
    expect(reopened.tagPath(marathon.id)).toEqual(['Endurance', 'Marathon']);
    expect(reopened.findTag(['Sports science', 'Endurance', 'Marathon'])?.id).toBe(marathon.id);
    expect(reopened.findTag(['endurance', 'MARATHON'])?.id).toBe(marathon.id);
    expect((await reopened.questions(marathon.id)).map((q) => q.text)).toEqual(['What is 2+2?', 'Why taper?']);
    expect(await reopened.candidates(marathon.id)).toHaveLength(2);
    const decisions = await reopened.decisions(marathon.id);
    expect(decisions.get(`${questions[0]!.id}-1`)).toMatchObject({ status: 'rejected', reason: 'too terse' });
    expect(reopened.counts(marathon.id)).toEqual({ questions: 2, candidates: 2, accepted: 1, rejected: 1 });
  });

  it('counts the same when every shard is recounted (cache/ deleted) as the store counted them live', async () => {
    const { store, marathon, questions } = await seeded();
    const [first, second] = questions;
    await store.appendCandidates([candidate(second!.id, marathon.id, 0), candidate(second!.id, marathon.id, 1)]);
    await store.decide([
      { id: `${first!.id}-0`, status: 'accepted' },
      { id: `${first!.id}-1`, status: 'rejected', reason: 'too terse' },
      { id: `${second!.id}-0`, status: 'accepted' },
    ]);
    await store.decide([{ id: `${second!.id}-0`, status: 'pending' }]);
    // An edited question suspends its candidates' decisions; a torn last line is not a candidate.
    await store.editQuestion(first!.id, 'What is 2+2, in base 10?');
    await appendFile(join(dir, 'data', 'candidates', `${marathon.id}.jsonl`), '{"id":"torn');
    const live = store.counts(marathon.id);
    const review = store.reviewSummary(marathon.id);
    await store.close();
    expect(live).toEqual({ questions: 2, candidates: 4, accepted: 0, rejected: 0 });

    await rm(join(dir, 'cache'), { recursive: true });
    const recounted = await ProjectStore.open(dir);
    expect(recounted.counts(marathon.id)).toEqual(live);
    expect(recounted.reviewSummary(marathon.id)).toEqual(review);
    await recounted.close();
  });

  it('treats a decision back to pending (undo) as removing it', async () => {
    const { store, marathon, questions } = await seeded();
    const id = `${questions[0]!.id}-0`;
    await store.decide([{ id, status: 'accepted' }]);
    await store.decide([{ id, status: 'pending' }]);
    expect((await store.decisions(marathon.id)).has(id)).toBe(false);
    expect(store.counts(marathon.id).accepted).toBe(0);
    const lines = (await readFile(join(dir, 'data', 'decisions', `${marathon.id}.jsonl`), 'utf8')).trim().split('\n');
    expect(lines.map((line) => parseJson<DecisionEntry>(line).status)).toEqual(['accepted', 'pending']);
  });

  it('refuses decisions on ids that are not in the project', async () => {
    const { store, questions } = await seeded();
    await expect(store.decide([{ id: `${questions[0]!.id}-7`, status: 'accepted' }])).rejects.toThrow(/no candidate .*-7/);
    await expect(store.decide([{ id: 'nonsense', status: 'accepted' }])).rejects.toThrow(/not a candidate id/);
  });

  it('names a corrupt file and changes nothing', async () => {
    const { store, marathon } = await seeded();
    await store.close();
    const file = join(dir, 'data', 'questions', `${marathon.id}.json`);
    await writeFile(file, '{"questions": [ {"id": ');
    const reopened = await ProjectStore.open(dir);
    await expect(reopened.questions(marathon.id)).rejects.toThrow(file);
    // With the counters cache gone every shard is counted at open, and the corrupt one is named.
    await rm(join(dir, 'cache'), { recursive: true });
    const recounted = await ProjectStore.open(dir);
    expect(recounted.warnings.join('\n')).toContain(`${file} is corrupt`);
    expect(await readFile(file, 'utf8')).toBe('{"questions": [ {"id": ');

    await writeFile(join(dir, 'data', 'tags.json'), 'not json');
    await expect(ProjectStore.open(dir)).rejects.toThrow(/tags\.json is corrupt/);
  });

  it('reports a corrupt line in the middle of a journal with its file', async () => {
    const { store, marathon, questions } = await seeded();
    await store.close();
    const file = join(dir, 'data', 'candidates', `${marathon.id}.jsonl`);
    const text = await readFile(file, 'utf8');
    await writeFile(file, 'garbage\n' + text);
    await expect((await ProjectStore.open(dir)).candidates(marathon.id)).rejects.toThrow(`${file} is corrupt`);
    void questions;
  });

  it('sets a torn last line aside before appending, losing nothing', async () => {
    const { store, marathon, questions } = await seeded();
    await store.close();
    const file = join(dir, 'data', 'candidates', `${marathon.id}.jsonl`);
    await appendFile(file, '{"id":"half-writ');
    const reopened = await ProjectStore.open(dir);
    expect(await reopened.candidates(marathon.id)).toHaveLength(2);
    await reopened.appendCandidates([candidate(questions[1]!.id, marathon.id, 0)]);
    expect(await reopened.candidates(marathon.id)).toHaveLength(3);
    expect(await readFile(`${file}.torn`, 'utf8')).toBe('{"id":"half-writ\n');
    expect(reopened.warnings.join()).toMatch(/moved to .*\.torn/);
    // The torn bytes are blanked out in place: every line is a record or blank.
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    expect(lines.map((line) => parseJson<Candidate>(line).id)).toHaveLength(3);
  });

  it('sets aside a torn line another process left after this one had already appended', async () => {
    const { store, marathon, questions } = await seeded();
    const file = join(dir, 'data', 'decisions', `${marathon.id}.jsonl`);
    await store.decide([{ id: `${questions[0]!.id}-0`, status: 'accepted' }]);
    // A second reviewer, killed in the middle of its append.
    await appendFile(file, '{"id":"' + questions[0]!.id + '-1","sta');
    await store.decide([{ id: `${questions[0]!.id}-1`, status: 'rejected' }]);
    const reopened = await ProjectStore.open(dir);
    const decisions = await reopened.decisions(marathon.id);
    expect([...decisions.values()].map((decision) => decision.status)).toEqual(['accepted', 'rejected']);
    expect(await readFile(`${file}.torn`, 'utf8')).toBe(`{"id":"${questions[0]!.id}-1","sta\n`);
  });

  it('sees what another process wrote after refresh()', async () => {
    const { store, marathon, questions } = await seeded();
    const other = await ProjectStore.open(dir);
    expect(await other.candidates(marathon.id)).toHaveLength(2);

    await store.appendCandidates([candidate(questions[1]!.id, marathon.id, 0)]);
    await store.decide([{ id: `${questions[0]!.id}-0`, status: 'accepted' }]);
    const [added] = await store.addTags(null, ['Strength'], 'manual');

    const changes = await other.refresh();
    expect(changes.tags).toBe(true);
    expect(changes.tagIds).toContain(marathon.id);
    expect(other.tag(added!.id)?.name).toBe('Strength');
    expect(await other.candidates(marathon.id)).toHaveLength(3);
    expect((await other.decisions(marathon.id)).get(`${questions[0]!.id}-0`)?.status).toBe('accepted');
    expect(other.counts(marathon.id)).toMatchObject({ candidates: 3, accepted: 1 });
  });

  it('does not report its own fresh writes as changes on refresh, and keeps their counts', async () => {
    const { store, marathon, questions } = await seeded();
    await store.decide([{ id: `${questions[0]!.id}-0`, status: 'accepted' }]);
    await store.appendCandidates([candidate(questions[1]!.id, marathon.id, 0)]);
    const changes = await store.refresh();
    expect(changes.tagIds).not.toContain(marathon.id);
    expect(store.counts(marathon.id)).toEqual({ questions: 2, candidates: 3, accepted: 1, rejected: 0 });
  });

  it('merges decisions appended by two reviewers at once', async () => {
    const { store, marathon, questions } = await seeded();
    const other = await ProjectStore.open(dir);
    await Promise.all([
      store.decide([{ id: `${questions[0]!.id}-0`, status: 'accepted' }]),
      other.decide([{ id: `${questions[0]!.id}-1`, status: 'rejected' }]),
    ]);
    const third = await ProjectStore.open(dir);
    const decisions = await third.decisions(marathon.id);
    expect(decisions.get(`${questions[0]!.id}-0`)?.status).toBe('accepted');
    expect(decisions.get(`${questions[0]!.id}-1`)?.status).toBe('rejected');
    expect(third.counts(marathon.id)).toMatchObject({ accepted: 1, rejected: 1 });
  });

  it('counts a shard changed behind its back at open (a small project is checked file by file)', async () => {
    const { store, marathon, questions } = await seeded();
    await store.close();
    const file = join(dir, 'data', 'candidates', `${marathon.id}.jsonl`);
    await appendFile(file, JSON.stringify(candidate(questions[1]!.id, marathon.id, 3)) + '\n');
    const reopened = await ProjectStore.open(dir);
    expect(reopened.counts(marathon.id).candidates).toBe(3);
  });

  it('opens by replaying only the changes noted since the counters cache was written', async () => {
    const { store, marathon, questions } = await seeded();
    await store.close();
    const writer = await ProjectStore.open(dir);
    await writer.appendCandidates([candidate(questions[1]!.id, marathon.id, 0)]);
    await writer.decide([{ id: `${questions[1]!.id}-0`, status: 'accepted' }]);
    // Killed before it wrote the counters cache: the change log still says what it changed.
    const reader = await ProjectStore.open(dir);
    expect(reader.counts(marathon.id)).toMatchObject({ candidates: 3, accepted: 1 });
    await reader.close();
    await writer.close();
  });

  it("goes on seeing other processes' changes after cache/ is deleted under it", async () => {
    const { store, marathon, questions } = await seeded();
    const other = await ProjectStore.open(dir);
    await rm(join(dir, 'cache'), { recursive: true });
    await store.appendCandidates([candidate(questions[1]!.id, marathon.id, 0)]);
    const changes = await other.refresh();
    expect(changes.tagIds).toContain(marathon.id);
    expect(other.counts(marathon.id).candidates).toBe(3);
    // And again once the log has been started afresh.
    await store.appendCandidates([candidate(questions[1]!.id, marathon.id, 1)]);
    expect((await other.refresh()).tagIds).toContain(marathon.id);
    expect(other.counts(marathon.id).candidates).toBe(4);
  });

  it('names a parent cycle or a missing parent in tags.json instead of hiding the subtree', async () => {
    const { store, endurance, marathon } = await seeded();
    await store.close();
    const file = join(dir, 'data', 'tags.json');
    const { tags } = await readJson<{ tags: { id: string; parentId: string | null }[] }>(file);
    const cyclic = tags.map((tag) => (tag.id === endurance.id ? { ...tag, parentId: marathon.id } : tag));
    await writeFile(file, JSON.stringify({ tags: cyclic }));
    await expect(ProjectStore.open(dir)).rejects.toThrow(
      new RegExp(`tags\\.json is corrupt \\(the parents of tags .*${marathon.id}.* a cycle\\)`),
    );
    const dangling = tags.map((tag) => (tag.id === endurance.id ? { ...tag, parentId: 'tnope00' } : tag));
    await writeFile(file, JSON.stringify({ tags: dangling }));
    await expect(ProjectStore.open(dir)).rejects.toThrow(/names a parent tnope00 that is not in the file/);
  });

  it('names a candidate with a malformed sample number as a corrupt record, with its file and line', async () => {
    const { store, marathon, questions } = await seeded();
    await store.close();
    const file = join(dir, 'data', 'candidates', `${marathon.id}.jsonl`);
    await appendFile(file, JSON.stringify({ ...candidate(questions[1]!.id, marathon.id, 0), sample: 'one' }) + '\n');
    const reopened = await ProjectStore.open(dir);
    await expect(reopened.candidates(marathon.id)).rejects.toThrow(`${file} is corrupt (line 3 (byte`);
    await expect(reopened.candidates(marathon.id)).rejects.toThrow('"sample" is "one", not a whole number');
  });

  it('deletes a tag with its subtree and restores it', async () => {
    const { store, endurance, marathon } = await seeded();
    await store.deleteTag(endurance.id);
    expect(store.tag(marathon.id)).toBeUndefined();
    expect(store.children(null)).toHaveLength(0);
    await store.restoreTag(endurance.id);
    expect(store.tagPath(marathon.id)).toEqual(['Endurance', 'Marathon']);
  });

  it('never adds a sibling with the same name twice and refuses a clashing rename', async () => {
    const { store, endurance } = await seeded();
    const added = await store.addTags(null, ['endurance', 'Strength', 'strength '], 'generated');
    expect(added.map((tag) => tag.name)).toEqual(['Strength']);
    await expect(store.renameTag(added[0]!.id, 'ENDURANCE')).rejects.toThrow(/already named "Endurance"/);
    void endurance;
  });

  it('refuses to create a project over an existing one and rejects an invalid config by name', async () => {
    await seeded();
    await expect(ProjectStore.create(dir, newProjectConfig({ topic: 'x' }))).rejects.toThrow(/already a distill project/);
    const configFile = join(dir, 'distill.json');
    const config = await readJson<ProjectConfig>(configFile);
    await writeFile(configFile, JSON.stringify({ ...config, concurrency: 0 }));
    await expect(ProjectStore.open(dir)).rejects.toThrow(/distill\.json is not a valid project config: concurrency must be >= 1/);
  });

  it('lets only one generation run hold the generation lock', async () => {
    const { store } = await seeded();
    const held = await store.acquireGenerationLock('distill auto');
    await expect(store.acquireGenerationLock('distill auto')).rejects.toThrow(/distill auto is already running \(pid \d+/);
    await held.release();
    const again = await store.acquireGenerationLock('distill auto');
    await again.release();
    expect(await readdir(join(dir, 'locks'))).toEqual([]);
  });

  it('takes over a generation lock left by a killed process', async () => {
    const { store } = await seeded();
    await writeFile(
      join(dir, 'locks', 'generate.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), purpose: 'distill auto', at: 'then' }),
    );
    const held = await store.acquireGenerationLock('distill auto');
    await held.release();
  });
});
