import { mkdir, mkdtemp, readdir, writeFile, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCandidate } from '../../core/testing/candidate-builder.js';
import { newProjectConfig } from '../../core/project-config.js';
import type { Candidate } from '../../core/types.js';
import { ProjectStore } from '../../store/project-store.js';
import {
  checkProject,
  checkQuestionCandidates,
  firedRulesReader,
  loadFiredRules,
  loadVerdicts,
  projectFlagCounts,
  selectPassing,
  summaryFlaggedCounts,
} from './check-project.js';
import { ChecksCache } from './checks-cache.js';
import { DEFAULT_RULES, mergeRules } from '../rules/rules-config.js';
import { RULE_BIT } from '../rules/rule-ids.js';
import { NUMERIC_COLUMNS } from '../features/feature-table.js';

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
    expect(await projectFlagCounts(store)).toMatchObject({ answer_mismatch: 2, refusal: 1 });
  });

  it('re-runs from the cache: no text is re-read for new thresholds', async () => {
    const { store } = await seed();
    await checkProject(store);
    const strict = mergeRules(DEFAULT_RULES, { tooShort: { answerChars: 30 } });
    const again = await checkProject(store, { rules: strict });
    expect(again.extracted).toBe(0);
    expect(again.flags.too_short).toBe(6);
  });

  it("after a threshold change, runs only that rule again and keeps the other rules' verdicts", async () => {
    const { store, tagId } = await seed();
    const cache = new ChecksCache(store.cacheDir);
    const first = await checkProject(store);
    // Forged verdicts for too_long stand while its settings do not change: proof that it is not run again.
    const masks = await cache.readRuleMasks();
    masks.get(tagId)!.masks.forEach((mask, row, all) => (all[row] = mask | RULE_BIT.too_long));
    await cache.writeRuleMasks(masks);
    const strict = mergeRules(DEFAULT_RULES, { tooShort: { answerChars: 30 } });
    const again = await checkProject(store, { rules: strict });
    expect(again).toMatchObject({ extracted: 0, candidates: 8, passing: 0 });
    expect(again.flags).toMatchObject({ too_short: 6, too_long: 8, refusal: first.flags.refusal });
    // Its own settings changed: too_long runs again and the forged bits are gone.
    const longer = mergeRules(strict, { tooLong: { answerTokens: 5000 } });
    expect((await checkProject(store, { rules: longer })).flags).toMatchObject({ too_short: 6, too_long: 0 });
    // And every rule again once the file is gone: the same counts as a first check.
    await rm(cache.ruleMasksPath);
    await rm(cache.summaryPath);
    expect((await checkProject(store, { rules: strict })).flags).toMatchObject({ too_short: 6, too_long: 0 });
  });

  it("an export's flag reader takes the last check's verdicts while they are current, and runs the rules otherwise", async () => {
    const { store, tagId } = await seed();
    const cache = new ChecksCache(store.cacheDir);
    await checkProject(store);
    const fresh = await loadFiredRules(store, tagId);
    expect([...fresh.values()].some((rules) => rules.includes('refusal'))).toBe(true);
    // Forged bits that only the stored verdicts carry: the reader answers from them, under the same rules.
    const masks = await cache.readRuleMasks();
    masks.get(tagId)!.masks.forEach((mask, row, all) => (all[row] = mask | RULE_BIT.too_long));
    await cache.writeRuleMasks(masks);
    const read = firedRulesReader(store);
    const stored = await read(tagId);
    expect([...stored.keys()]).toEqual([...fresh.keys()]);
    expect([...stored.keys()]).toEqual([...(await loadVerdicts(store, tagId)).keys()]);
    for (const [id, rules] of fresh)
      expect(stored.get(id)).toEqual([...rules, 'too_long' as const].sort((a, b) => RULE_BIT[a] - RULE_BIT[b]));
    // Other thresholds than the check's: the rules run again, and the forged bits play no part.
    const strict = mergeRules(DEFAULT_RULES, { tooShort: { answerChars: 30 } });
    const rerun = await firedRulesReader(store, strict)(tagId);
    expect([...rerun.values()].filter((rules) => rules.includes('too_long'))).toEqual([]);
    expect([...rerun.values()].filter((rules) => rules.includes('too_short'))).toHaveLength(6);
  });

  it("an export's flag reader brings the question index up to date, so that the tables it rebuilds are kept", async () => {
    const { store, tagId } = await seed();
    const cache = new ChecksCache(store.cacheDir);
    await checkProject(store);
    // The index of another build (or none): without an update every table read would be provisional, rebuilt by each export.
    await rm(cache.indexPath);
    await firedRulesReader(store)(tagId);
    const after = await checkProject(store);
    expect(after).toMatchObject({ comparedQuestions: 0, extracted: 0 });
  });

  it('rebuilds a table whose column is found damaged when a changed rule reads it', async () => {
    const { store, tagId } = await seed();
    const first = await checkProject(store);
    const path = new ChecksCache(store.cacheDir).featuresPath(tagId);
    const bytes = await readFile(path);
    // A byte of the duplicateSimilarity column (after the prefix and header, 8 rows of 4 bytes a column).
    const at = 12 + bytes.readUInt32LE(8) + NUMERIC_COLUMNS.indexOf('duplicateSimilarity') * 8 * 4 + 2;
    bytes[at] = bytes[at]! ^ 0xff;
    await writeFile(path, bytes);
    // Only duplicate_question's settings change: it reads that column alone.
    const changed = mergeRules(DEFAULT_RULES, { duplicateQuestion: { minSimilarity: 0.8 } });
    const again = await checkProject(store, { rules: changed });
    expect(again.warnings).toEqual([expect.stringContaining('checksum mismatch; rebuilt it')]);
    expect(again.flags).toEqual(first.flags);
    expect((await checkProject(store, { rules: changed })).warnings).toEqual([]);
  });

  it("run again unchanged, keeps each tag's counts without reading its table; new thresholds count afresh", async () => {
    const { store, tagId } = await seed();
    const first = await checkProject(store);
    const features = new ChecksCache(store.cacheDir).featuresPath(tagId);
    // A table that is not read cannot be found damaged: the counts come from the summary.
    await writeFile(features, 'not a feature table');
    const again = await checkProject(store);
    expect(again).toMatchObject({ candidates: 8, passing: first.passing, flags: first.flags, warnings: [] });
    const strict = mergeRules(DEFAULT_RULES, { tooShort: { answerChars: 30 } });
    const stricter = await checkProject(store, { rules: strict });
    expect(stricter.flags.too_short).toBe(6);
    expect(stricter.warnings).toEqual([expect.stringContaining('rebuilt it')]);
    expect((await stat(features)).size).toBeGreaterThan(100);
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
    const path = new ChecksCache(store.cacheDir).featuresPath(tagId);
    const bytes = await readFile(path);
    // A byte of the numbers (after the 12-byte prefix and the header): the next check finds it.
    const numbersAt = 12 + bytes.readUInt32LE(8) + 5;
    bytes[numbersAt] = bytes[numbersAt]! ^ 0xff;
    await writeFile(path, bytes);
    // Unchanged under the same thresholds, the tag's counts would come from the summary (or its rules' cached verdicts) without reading its table.
    await rm(new ChecksCache(store.cacheDir).summaryPath);
    await rm(new ChecksCache(store.cacheDir).ruleMasksPath);
    const second = await checkProject(store);
    expect(second.warnings).toEqual([expect.stringContaining('checksum mismatch; rebuilt it')]);
    expect(second.flags).toEqual(first.flags);
    expect(second.extracted).toBe(8);
    expect((await checkProject(store)).warnings).toEqual([]);
  });

  it('finds damaged texts in a cache file when a verdict needs them, and rebuilds it', async () => {
    const { store, tagId, questionIds } = await seed();
    await checkProject(store);
    const before = await loadVerdicts(store, tagId);
    const path = new ChecksCache(store.cacheDir).featuresPath(tagId);
    const bytes = await readFile(path);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    await writeFile(path, bytes);
    expect(await loadVerdicts(store, tagId)).toEqual(before);
    expect(before.get(`${questionIds[1]}-3`)?.flags[0]?.rule).toBe('minority_answer');
    expect((await checkProject(store)).warnings).toEqual([]);
  });

  it('leaves only derived files in cache/checks', async () => {
    const { store, tagId } = await seed();
    await checkProject(store);
    expect((await readdir(join(store.dir, 'cache', 'checks'))).sort()).toEqual([
      'questions.index',
      'rule-masks',
      'summary.json',
      `${tagId}.features`,
    ]);
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

  it('tops a question up to N after an earlier pass accepted fewer', async () => {
    const { store, questionIds } = await seed();
    await store.decide((await selectPassing(store)).map((id) => ({ id, status: 'accepted' as const })));
    const more = await selectPassing(store, { keepPerQuestion: 2 });
    expect(more.sort()).toEqual([`${questionIds[0]}-1`, `${questionIds[1]}-1`].sort());
    await store.decide(more.map((id) => ({ id, status: 'accepted' as const })));
    expect(await selectPassing(store, { keepPerQuestion: 2 })).toEqual([]);
  });
});

describe('what a check after a change costs', () => {
  it('compares no question and extracts no candidate after a threshold change', async () => {
    const { store } = await seed();
    expect(await checkProject(store)).toMatchObject({ extracted: 8, comparedQuestions: 2 });
    const strict = mergeRules(DEFAULT_RULES, { duplicateQuestion: { minSimilarity: 0.5 } });
    expect(await checkProject(store, { rules: strict })).toMatchObject({ extracted: 0, comparedQuestions: 0 });
  });

  it('compares only the questions added since, each with every earlier one', async () => {
    const { store, tagId } = await seed();
    await checkProject(store);
    const [other] = await store.addTags(null, ['Recovery'], 'generated');
    const [repeat] = await store.addQuestions(
      other!.id,
      [
        { text: 'A runner covers 8 km five times each week. How many km per week?' },
        { text: 'Why do muscles get sore after eccentric work?' },
      ],
      'generated',
    );
    await store.appendCandidates([candidate(repeat!.id, other!.id, 0, 'The weekly distance is 40 km.')]);
    const summary = await checkProject(store);
    expect(summary).toMatchObject({ comparedQuestions: 2, extracted: 1 });
    expect(summary.tags.find((tag) => tag.tagId === other!.id)?.flags).toMatchObject({ duplicate_question: 1 });
    // The earlier question is the one to keep: its candidates are not flagged.
    expect(summary.tags.find((tag) => tag.tagId === tagId)?.flags.duplicate_question).toBeUndefined();
  });

  it('re-analyses the candidates of an edited question only, and judges the edited text as new', async () => {
    const { store, tagId, questionIds } = await seed();
    await checkProject(store);
    await store.editQuestion(questionIds[1]!, 'Which fuel dominates the last 10 km of a marathon?');
    const summary = await checkProject(store);
    expect(summary).toMatchObject({ extracted: 4, comparedQuestions: 1 });
    expect((await loadVerdicts(store, tagId)).size).toBe(8);
  });

  it('never fails when the cache cannot be saved: the check is right and says the cache was not kept', async () => {
    const { store } = await seed();
    // A file where the cache folder should be: every cache write fails.
    await mkdir(store.cacheDir, { recursive: true });
    await writeFile(join(store.cacheDir, 'checks'), 'not a folder');
    const summary = await checkProject(store);
    expect(summary).toMatchObject({ candidates: 8, passing: 5, failing: 3 });
    expect(summary.warnings).toEqual([
      expect.stringMatching(/^could not save the checks cache in .* \((ENOTDIR|EEXIST)\); the next check recomputes/),
    ]);
    expect(await selectPassing(store)).toHaveLength(2);
    expect(await projectFlagCounts(store)).toMatchObject({ answer_mismatch: 2 });
  });
});

describe('near-duplicate findings between checks', () => {
  it("checks one tag from its own findings file, without the project's index", async () => {
    const { store } = await seed();
    const [other] = await store.addTags(null, ['Recovery'], 'generated');
    const [repeat] = await store.addQuestions(
      other!.id,
      [{ text: 'A runner covers 8 km five times each week. How many km per week?' }],
      'generated',
    );
    await store.appendCandidates([candidate(repeat!.id, other!.id, 0, 'The weekly distance is 40 km.')]);
    await checkProject(store);
    // The index's body is damaged; the tag's new candidate is checked from the tag's findings alone.
    const index = new ChecksCache(store.cacheDir).indexPath;
    const bytes = await readFile(index);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    await writeFile(index, bytes);
    await store.appendCandidates([candidate(repeat!.id, other!.id, 1, 'It is 40 km a week.')]);
    await checkQuestionCandidates(store, other!.id);
    const verdicts = await loadVerdicts(store, other!.id);
    expect([...verdicts.values()].map((verdict) => verdict.flags.map((flag) => flag.rule))).toEqual([
      ['duplicate_question'],
      ['duplicate_question'],
    ]);
  });

  it('judges questions added during generation at the next full check', async () => {
    const { store, tagId } = await seed();
    await checkProject(store);
    const [repeat] = await store.addQuestions(tagId, [{ text: 'Which fuel dominates in a marathon race?' }], 'generated');
    await store.appendCandidates([candidate(repeat!.id, tagId, 0, 'Answer: glycogen')]);
    await checkQuestionCandidates(store, tagId);
    const summary = await checkProject(store);
    expect(summary).toMatchObject({ comparedQuestions: 1, extracted: 0 });
    expect(summary.flags.duplicate_question).toBe(1);
  });
});
