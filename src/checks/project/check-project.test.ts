import { mkdtemp, readdir, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCandidate } from '../../core/testing/candidate-builder.js';
import { newProjectConfig } from '../../core/project-config.js';
import type { Candidate } from '../../core/types.js';
import { ProjectStore } from '../../store/project-store.js';
import { checkProject, checkQuestionCandidates, flagCounts, loadVerdicts, selectPassing, summaryFlaggedCounts } from './check-project.js';
import { featureCachePath } from './project-check-files.js';
import { DEFAULT_RULES, mergeRules } from '../rules/rules-config.js';

const TRACE = 'First I recall what the question gives, then I compute step by step and check the units before I answer.';
const stores: ProjectStore[] = [];

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function seed(): Promise<{ store: ProjectStore; tagId: string; questionIds: string[] }> {
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-checks-')), 'project');
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' }));
  stores.push(store);
  const [tag] = await store.addTags(null, ['Energy'], 'generated');
  const questions = await store.addQuestions(
    tag!.id,
    [
      { text: 'A runner covers 8 km five times a week. How many km per week?', reference: '40' },
      { text: 'Which fuel dominates a marathon?' },
    ],
    'generated',
  );
  const answers = [
    ['The weekly distance is $\\boxed{40}$ km.', 'So $\\boxed{40}$.', 'The answer is 45.', "I'm sorry, but I can't help with that."],
    ['Answer: glycogen', 'Answer: glycogen', 'Answer: Glycogen.', 'Answer: fat'],
  ];
  const candidates: Candidate[] = questions.flatMap((question, q) =>
    answers[q]!.map((answer, sample) => candidate(question.id, tag!.id, sample, answer)),
  );
  await store.appendCandidates(candidates);
  return { store, tagId: tag!.id, questionIds: questions.map((question) => question.id) };
}

function candidate(questionId: string, tagId: string, sample: number, answer: string): Candidate {
  return buildCandidate({ questionId, tagId, sample, reasoning: TRACE + ' '.repeat(sample), answer });
}

describe('summaryFlaggedCounts', () => {
  it('gives each checked tag its flagged count, and drops a tag whose candidates changed since', async () => {
    const { store, tagId, questionIds } = await seed();
    expect((await summaryFlaggedCounts(store)).size).toBe(0);
    await checkProject(store);
    const flagged = [...(await loadVerdicts(store, tagId)).values()].filter((verdict) => verdict.flags.length > 0).length;
    expect(flagged).toBeGreaterThan(0);
    expect((await summaryFlaggedCounts(store)).get(tagId)).toBe(flagged);
    await store.appendCandidates([candidate(questionIds[1]!, tagId, 4, 'Answer: glycogen')]);
    expect((await summaryFlaggedCounts(store)).has(tagId)).toBe(false);
  });
});

describe('checkProject', () => {
  it('summarizes per rule and per tag, and marks the preferred candidate', async () => {
    const { store, tagId, questionIds } = await seed();
    const summary = await checkProject(store);
    expect(summary).toMatchObject({ candidates: 8, passing: 5, failing: 3, extracted: 8, warnings: [] });
    expect(summary.flags).toMatchObject({ answer_mismatch: 2, refusal: 1, minority_answer: 1, format: 0 });
    expect(summary.tags).toEqual([expect.objectContaining({ tagId, path: 'Energy', candidates: 8, passing: 5 })]);
    const verdicts = await loadVerdicts(store, tagId);
    expect(verdicts.get(`${questionIds[0]}-2`)).toMatchObject({ verdict: 'fail', flags: [{ rule: 'answer_mismatch' }] });
    expect(verdicts.get(`${questionIds[1]}-3`)!.flags[0]).toEqual({
      rule: 'minority_answer',
      detail: 'final answer "fat" disagrees with the majority "glycogen" (3 of 4)',
    });
    expect([...verdicts.values()].filter((verdict) => verdict.preferred)).toHaveLength(2);
    expect(await flagCounts(store, tagId)).toMatchObject({ answer_mismatch: 2, refusal: 1 });
  });

  it('re-runs from the cache: no text is re-read for new thresholds', async () => {
    const { store } = await seed();
    await checkProject(store);
    const strict = mergeRules(DEFAULT_RULES, { tooShort: { answerChars: 30 } });
    const again = await checkProject(store, { rules: strict });
    expect(again.extracted).toBe(0);
    expect(again.flags.too_short).toBe(6);
  });

  it('extracts only the candidates that arrived since', async () => {
    const { store, tagId, questionIds } = await seed();
    await checkProject(store);
    await store.appendCandidates([candidate(questionIds[1]!, tagId, 4, 'Answer: glycogen')]);
    await checkQuestionCandidates(store, tagId);
    const summary = await checkProject(store);
    expect(summary).toMatchObject({ candidates: 9, extracted: 0 });
  });

  it('reports a damaged cache file and rebuilds it instead of trusting it', async () => {
    const { store, tagId } = await seed();
    const first = await checkProject(store);
    const path = featureCachePath(store, tagId);
    const bytes = await readFile(path);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    await writeFile(path, bytes);
    const second = await checkProject(store);
    expect(second.warnings).toEqual([expect.stringContaining('checksum mismatch; rebuilt it from the candidates')]);
    expect(second.flags).toEqual(first.flags);
    expect(second.extracted).toBe(8);
    expect((await checkProject(store)).warnings).toEqual([]);
  });

  it('leaves only derived files in cache/checks', async () => {
    const { store, tagId } = await seed();
    await checkProject(store);
    expect((await readdir(join(store.dir, 'cache', 'checks'))).sort()).toEqual(['duplicates.json', 'summary.json', `${tagId}.features`]);
  });
});

describe('selectPassing', () => {
  it('takes the preferred passing candidate of every question, or up to N', async () => {
    const { store, questionIds } = await seed();
    const one = await selectPassing(store);
    expect(one).toEqual([`${questionIds[0]}-0`, `${questionIds[1]}-0`]);
    const two = await selectPassing(store, { keepPerQuestion: 2 });
    expect(two.sort()).toEqual([`${questionIds[0]}-0`, `${questionIds[0]}-1`, `${questionIds[1]}-0`, `${questionIds[1]}-1`].sort());
  });

  it('never overrides a reviewer: rejected stay out, accepted count toward N', async () => {
    const { store, questionIds } = await seed();
    await store.decide([
      { id: `${questionIds[0]}-0`, status: 'rejected' },
      { id: `${questionIds[1]}-2`, status: 'accepted' },
    ]);
    expect(await selectPassing(store)).toEqual([`${questionIds[0]}-1`]);
  });
});
