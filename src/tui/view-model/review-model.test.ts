import { afterEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../store/project-store.js';
import { FOLDED_REASONING_LINES, buildDetailLines } from './detail-content.js';
import { ReviewActions } from './review-actions.js';
import { ReviewData } from './review-data.js';
import { ReviewModel } from './review-model.js';
import { lineText } from './styled-text.js';
import { WrapCache } from '../wrap-cache.js';
import { PASS, PASS_PREFERRED, failing, fixedChecks, seedProject, type SeededProject } from '../testing/seed-project.js';

let project: SeededProject;

async function openModel() {
  project = await seedProject('Sports science', [
    {
      name: 'Endurance',
      children: [
        {
          name: 'Marathon',
          questions: [
            {
              text: 'Why taper before a marathon?',
              candidates: [
                { reasoning: 'Fatigue drops faster than fitness.', answer: 'To arrive rested.', check: PASS_PREFERRED },
                { answer: 'Because.', check: failing('too_short', 'answer has 8 characters') },
              ],
            },
            {
              text: 'What limits marathon pace?',
              candidates: [
                { answer: 'Lactate threshold.', check: PASS_PREFERRED },
                { answer: 'I cannot help with that.', check: failing('refusal', 'refuses to answer') },
              ],
            },
          ],
        },
        { name: 'Cycling', questions: [{ text: 'What is FTP?', candidates: [{ answer: 'Functional threshold power.', check: PASS }] }] },
      ],
    },
    { name: 'Strength' },
  ]);
  const data = new ReviewData(project.store, fixedChecks(project.checks));
  const model = new ReviewModel(data);
  return { model, actions: new ReviewActions(model) };
}

/** Selects a tag in the tree (expanding its ancestors) and loads its data, as the screen does. */
async function openTag(model: ReviewModel, name: string) {
  const tagId = project.tags.get(name)!;
  model.reveal(tagId);
  model.selectTreeRow(tagId);
  for (const id of model.neededLoads()) await model.data.load(id);
}

async function decisionsOnDisk(tagName: string) {
  const reopened = await ProjectStore.open(project.dir);
  const decisions = await reopened.decisions(project.tags.get(tagName)!);
  await reopened.close();
  return new Map([...decisions].map(([id, d]) => [id, d.status]));
}

afterEach(async () => {
  await project?.store.close();
});

describe('the tag tree', () => {
  it('starts with the topic and top-level tags, and expands to show children with subtree counts', async () => {
    const { model } = await openModel();
    expect(model.treeRows().map((row) => row.name)).toEqual(['Sports science', 'Endurance', 'Strength']);
    model.selectTreeRow(project.tags.get('Endurance')!);
    model.focus = 'tree';
    model.open();
    expect(model.treeRows().map((row) => row.name)).toEqual(['Sports science', 'Endurance', 'Marathon', 'Cycling', 'Strength']);
    const counts = model.subtreeCounts().get(project.tags.get('Endurance')!)!;
    expect(counts).toMatchObject({ questions: 3, candidates: 5, accepted: 0 });
    model.collapseOrParent();
    expect(model.treeRows()).toHaveLength(3);
  });

  it('counts flagged candidates once a tag has been checked', async () => {
    const { model } = await openModel();
    await openTag(model, 'Marathon');
    expect(model.subtreeCounts().get(project.tags.get('Marathon')!)!.flagged).toBe(2);
  });

  it("takes flag counts of tags not yet visited from the checks' summary, and a visit's own verdicts over it", async () => {
    const { model } = await openModel();
    const marathon = project.tags.get('Marathon')!;
    expect(model.subtreeCounts().get(marathon)!.flagged).toBeNull();
    model.data.setSummaryFlagged(new Map([[marathon, 7]]));
    expect(model.subtreeCounts().get(marathon)!.flagged).toBe(7);
    await openTag(model, 'Marathon');
    expect(model.subtreeCounts().get(marathon)!.flagged).toBe(2);
  });

  it('keeps counters that changed while the summary came in (the counts pass that reuses the last counters)', async () => {
    const { model, actions } = await openModel();
    const endurance = project.tags.get('Endurance')!;
    expect(model.subtreeCounts().get(endurance)).toMatchObject({ accepted: 0 });
    await openTag(model, 'Cycling');
    model.focus = 'candidates';
    await actions.accept();
    model.itemsChanged([project.tags.get('Cycling')!]);
    model.data.setSummaryFlagged(new Map([[project.tags.get('Marathon')!, 1]]));
    expect(model.subtreeCounts().get(endurance)).toMatchObject({ questions: 3, candidates: 5, accepted: 1, flagged: 1 });
  });

  it("reads the questions of the selection's neighbours ahead, without repainting, and a visit goes on from them", async () => {
    const { model } = await openModel();
    model.reveal(project.tags.get('Marathon')!);
    model.selectTreeRow(project.tags.get('Endurance')!);
    const version = model.data.version;
    const marathon = project.tags.get('Marathon')!;
    expect(model.neighbourTags()).toContain(marathon);
    for (const tagId of model.neighbourTags()) await model.data.prefetchQuestions(tagId);
    expect(model.data.version).toBe(version);
    expect(model.data.partial(marathon)?.questions.map((question) => question.text)).toEqual([
      'Why taper before a marathon?',
      'What limits marathon pace?',
    ]);
    expect(model.neighbourTags()).not.toContain(marathon);
    await openTag(model, 'Marathon');
    expect(model.data.get(marathon)?.candidateById.size).toBe(4);
  });
});

describe('deciding', () => {
  it('accepts the selected candidate on disk at once, updates counts, and undoes back to pending', async () => {
    const { model, actions } = await openModel();
    await openTag(model, 'Marathon');
    model.focus = 'candidates';
    const candidate = model.selectedCandidate()!;
    await actions.accept();
    expect((await decisionsOnDisk('Marathon')).get(candidate.id)).toBe('accepted');
    expect(model.subtreeCounts().get(null)!.accepted).toBe(1);

    await actions.undo();
    expect((await decisionsOnDisk('Marathon')).get(candidate.id) ?? 'pending').toBe('pending');
    expect(model.subtreeCounts().get(null)!.accepted).toBe(0);
  });

  it('suggests the flags as the reason for a reject and records the reason', async () => {
    const { model, actions } = await openModel();
    await openTag(model, 'Marathon');
    model.focus = 'candidates';
    model.move('candidates', 1);
    expect(actions.suggestedRejectReason()).toBe('too_short');
    await actions.reject(actions.suggestedRejectReason());
    const reopened = await ProjectStore.open(project.dir);
    const decision = (await reopened.decisions(project.tags.get('Marathon')!)).get(model.selectedCandidate()!.id);
    await reopened.close();
    expect(decision).toMatchObject({ status: 'rejected', reason: 'too_short' });
  });

  it('bulk-accepts marked candidates as one undo step and clears the marks', async () => {
    const { model, actions } = await openModel();
    await openTag(model, 'Marathon');
    model.focus = 'candidates';
    model.toggleMark();
    model.toggleMark();
    expect(model.marks.size).toBe(2);
    await actions.accept();
    expect(model.marks.size).toBe(0);
    expect([...(await decisionsOnDisk('Marathon')).values()]).toEqual(['accepted', 'accepted']);
    await actions.undo();
    expect([...(await decisionsOnDisk('Marathon')).values()].filter((s) => s === 'accepted')).toHaveLength(0);
  });

  it('undoes several levels, most recent first', async () => {
    const { model, actions } = await openModel();
    await openTag(model, 'Marathon');
    model.focus = 'candidates';
    const first = model.selectedCandidate()!.id;
    await actions.accept();
    model.move('candidates', 1);
    const second = model.selectedCandidate()!.id;
    await actions.reject('bad');
    await actions.undo();
    let onDisk = await decisionsOnDisk('Marathon');
    expect(onDisk.get(first)).toBe('accepted');
    expect(onDisk.get(second) ?? 'pending').toBe('pending');
    await actions.undo();
    onDisk = await decisionsOnDisk('Marathon');
    expect(onDisk.get(first) ?? 'pending').toBe('pending');
    expect(await actions.undo()).toBeNull();
  });

  it('accepts every passing preferred candidate under a tag, and only those', async () => {
    const { model, actions } = await openModel();
    model.selectTreeRow(project.tags.get('Endurance')!);
    expect(await actions.acceptPassingUnder(project.tags.get('Endurance')!)).toBe(2);
    const marathon = await decisionsOnDisk('Marathon');
    expect([...marathon.values()]).toEqual(['accepted', 'accepted']);
    expect((await decisionsOnDisk('Cycling')).size).toBe(0);
  });

  it('accepts the preferred candidate when a question is selected', async () => {
    const { model, actions } = await openModel();
    await openTag(model, 'Marathon');
    model.focus = 'questions';
    await actions.accept();
    const onDisk = await decisionsOnDisk('Marathon');
    expect([...onDisk.values()]).toEqual(['accepted']);
  });
});

describe('filter and search', () => {
  it('hides reviewed items under "unreviewed" and moves the selection to the next one', async () => {
    const { model, actions } = await openModel();
    await openTag(model, 'Marathon');
    model.setFilter({ kind: 'match', field: 'status', value: 'pending' });
    model.focus = 'candidates';
    const [first, second] = model.candidates().map((c) => c.id);
    await actions.accept();
    expect(model.candidates().map((c) => c.id)).toEqual([second]);
    expect(model.selectedCandidate()!.id).toBe(second);
    expect(first).toBeDefined();
  });

  it('filters questions to those with a candidate carrying a given flag', async () => {
    const { model } = await openModel();
    await openTag(model, 'Marathon');
    model.setFilter({ kind: 'match', field: 'flag', value: 'refusal' });
    expect(model.questions().map((q) => q.text)).toEqual(['What limits marathon pace?']);
    expect(model.candidates().map((c) => c.answer)).toEqual(['I cannot help with that.']);
  });
});

describe('the detail pane', () => {
  it('shows status, flags with detail, model, tokens, finish reason, question and answer', async () => {
    const { model } = await openModel();
    await openTag(model, 'Marathon');
    model.focus = 'candidates';
    model.move('candidates', 1);
    const snapshot = model.selectedSnapshot()!;
    const lines = buildDetailLines(
      { kind: 'candidate', candidate: model.selectedCandidate()!, question: model.selectedQuestion(), snapshot },
      60,
      { reasoningFolded: true },
      new WrapCache(),
    ).map(lineText);
    const text = lines.join('\n');
    expect(text).toContain('verdict  fail');
    expect(text).toContain('⚑ too_short: answer has 8 characters');
    expect(text).toContain('test-teacher');
    expect(text).toContain('tokens  12+34');
    expect(text).toContain('finish  stop');
    expect(text).toContain('Why taper before a marathon?');
    expect(text).toContain('Because.');
  });

  it('folds a long reasoning trace to a few lines until unfolded', async () => {
    const { model } = await openModel();
    await openTag(model, 'Marathon');
    const candidate = { ...model.candidates()[0]!, reasoning: Array.from({ length: 40 }, (_, i) => `step ${i}`).join('\n') };
    const subject = { kind: 'candidate' as const, candidate, question: model.selectedQuestion(), snapshot: model.selectedSnapshot()! };
    const cache = new WrapCache();
    const folded = buildDetailLines(subject, 60, { reasoningFolded: true }, cache).map(lineText);
    expect(folded.filter((line) => line.startsWith('step '))).toHaveLength(FOLDED_REASONING_LINES);
    expect(folded.join('\n')).toContain(`${40 - FOLDED_REASONING_LINES} more lines`);
    const open = buildDetailLines(subject, 60, { reasoningFolded: false }, cache).map(lineText);
    expect(open.filter((line) => line.startsWith('step '))).toHaveLength(40);
  });
});

describe('hand edits', () => {
  it('adds, renames and deletes tags, each undoable', async () => {
    const { model, actions } = await openModel();
    const id = await actions.addTag(project.tags.get('Strength')!, 'Squat');
    expect(model.treeRows().map((row) => row.name)).toContain('Squat');
    await actions.renameTag(id, 'Back squat');
    expect(model.treeRows().map((row) => row.name)).toContain('Back squat');
    await actions.deleteTag(id);
    expect(model.treeRows().map((row) => row.name)).not.toContain('Back squat');
    await actions.undo();
    expect(model.treeRows().map((row) => row.name)).toContain('Back squat');
    await actions.undo();
    expect(model.treeRows().map((row) => row.name)).toContain('Squat');
    await actions.undo();
    expect(model.treeRows().map((row) => row.name)).not.toContain('Squat');
  });

  it('edits a question on disk and undoes the edit', async () => {
    const { model, actions } = await openModel();
    await openTag(model, 'Cycling');
    const question = model.selectedQuestion()!;
    await actions.editQuestion(question.id, 'What is functional threshold power?');
    expect(model.selectedQuestion()!.text).toBe('What is functional threshold power?');
    await actions.undo();
    const reopened = await ProjectStore.open(project.dir);
    expect((await reopened.questions(project.tags.get('Cycling')!))[0]!.text).toBe('What is FTP?');
    await reopened.close();
  });
});
