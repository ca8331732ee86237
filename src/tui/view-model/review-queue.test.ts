import { describe, expect, it } from 'vitest';
import { ReviewData } from './review-data.js';
import { ReviewModel } from './review-model.js';
import { ReviewActions } from './review-actions.js';
import { ReviewQueue } from './review-queue.js';
import { RejectReasonForm, rejectReasonChoices } from './reject-reasons.js';
import { PASS, PASS_PREFERRED, failing, fixedChecks, seedProject } from '../testing/seed-project.js';

async function openProject() {
  const project = await seedProject('Sports', [
    {
      name: 'Endurance',
      children: [
        {
          name: 'Marathon',
          questions: [
            {
              text: 'Why taper?',
              candidates: [
                { answer: 'Rest.', check: PASS_PREFERRED },
                { answer: 'Because.', check: failing('too_short', 'short') },
              ],
            },
          ],
        },
        { name: 'Cycling', questions: [{ text: 'What is FTP?', candidates: [{ answer: 'Power.', check: PASS }] }] },
      ],
    },
    {
      name: 'Strength',
      questions: [
        {
          text: 'How many reps?',
          candidates: [
            { answer: 'No.', check: failing('refusal', 'refuses') },
            { answer: 'Eight.', check: failing('too_short', 'short') },
          ],
        },
      ],
    },
  ]);
  const model = new ReviewModel(new ReviewData(project.store, fixedChecks(project.checks)));
  return { project, model, actions: new ReviewActions(model) };
}

describe('the review queue across the tree', () => {
  it('walks every flagged candidate of every tag in tree order with ] and comes round at the end', async () => {
    const { project, model } = await openProject();
    model.setFilter({ kind: 'match', field: 'verdict', value: 'flagged' });
    const predicate = ReviewQueue.predicateOf(model.filter);
    const seen: string[] = [];
    let place = model.place();
    for (let i = 0; i < 4; i++) {
      const hit = await model.queue.step(predicate, place, 1);
      expect(hit).not.toBeNull();
      seen.push(`${hit!.candidateId}${hit!.wrapped ? ' wrapped' : ''}`);
      model.selectHit(hit!);
      place = model.place();
    }
    const marathon = project.tags.get('Marathon')!;
    const strength = project.tags.get('Strength')!;
    expect(seen.map((s) => s.split('-')[0])).toEqual([marathon, strength, strength, marathon]);
    expect(seen[3]).toContain('wrapped');
    // Backwards from the first flagged one: the last one of the tree.
    const back = await model.queue.step(predicate, { tagId: marathon, candidateId: seen[0]!.split(' ')[0]! }, -1);
    expect(back!.candidateId.startsWith(strength)).toBe(true);
  });

  it('counts matches per subtree and hides tags without any from the tree', async () => {
    const { project, model } = await openProject();
    for (const tag of project.store.tags()) model.setExpanded(tag.id, true);
    model.setFilter({ kind: 'match', field: 'flag', value: 'refusal' });
    for (const tagId of model.queue.unknownTags(model.filter)) await model.queue.matchesOf(ReviewQueue.predicateOf(model.filter), tagId);
    const matches = model.subtreeMatches();
    expect(matches.get(null)).toBe(1);
    expect(matches.get(project.tags.get('Endurance')!)).toBe(0);
    expect(model.treeRows().map((row) => row.name)).toEqual(['Sports', 'Strength']);
  });

  it('after a decision, finds the next pending item, skipping decided ones', async () => {
    const { project, model, actions } = await openProject();
    const strength = project.tags.get('Strength')!;
    model.reveal(strength);
    model.selectTreeRow(strength);
    await model.data.load(strength);
    model.focus = 'candidates';
    const [first, second] = model.candidates().map((c) => c.id);
    model.selectIndex('candidates', 1);
    await actions.accept();
    const hit = await model.queue.step(
      { ...ReviewQueue.predicateOf(model.filter), pendingOnly: true },
      { tagId: strength, candidateId: first! },
      1,
    );
    // The second is decided now: the walk goes past it, round to the first pending candidate of the tree.
    expect(hit!.candidateId).not.toBe(second);
    expect(hit!.wrapped).toBe(true);
  });
});

describe('reject reasons', () => {
  it('offers the flags first, then the configured reasons, each on a number key', () => {
    const choices = rejectReasonChoices(['too_short'], { review: { rejectReasons: ['wrong unit', 'too_short'] } });
    expect(choices).toEqual(['too_short', 'wrong unit']);
    const form = new RejectReasonForm('Reject', choices, 'too_short');
    expect(form.handleKey('2', '2')).toBe('submit');
    expect(form.choice()).toEqual({ kind: 'reason', reason: 'wrong unit' });
  });

  it('lets a reason be typed (digits too, once typing started), and enter alone means each its own flags', () => {
    const typed = new RejectReasonForm('Reject', ['a'], 'flags');
    typed.handleKey('x', 'x');
    expect(typed.handleKey('1', '1')).toBeNull();
    expect(typed.handleKey('enter', null)).toBe('submit');
    expect(typed.choice()).toEqual({ kind: 'reason', reason: 'x1' });
    const empty = new RejectReasonForm('Reject', ['a'], 'flags');
    expect(empty.handleKey('enter', null)).toBe('submit');
    expect(empty.choice()).toEqual({ kind: 'own-flags' });
  });

  it('rejecting a marked question gives each candidate its own flag as reason', async () => {
    const { project, model, actions } = await openProject();
    const strength = project.tags.get('Strength')!;
    model.reveal(strength);
    model.selectTreeRow(strength);
    await model.data.load(strength);
    model.focus = 'questions';
    model.toggleMark();
    await actions.reject((id) => actions.ownFlagsReason(id));
    const decisions = await project.store.decisions(strength);
    expect([...decisions.values()].map((d) => d.reason).sort()).toEqual(['refusal', 'too_short']);
  });

  it('goes to a pending candidate of an unread tag without waiting for its verdicts; a decided one waits for them', async () => {
    const { project } = await openProject();
    const asked: string[] = [];
    const checks = fixedChecks(project.checks);
    const counting = { ...checks, checkTag: (tagId: string) => (asked.push(tagId), checks.checkTag(tagId)) };
    const model = new ReviewModel(new ReviewData(project.store, counting));
    const marathon = project.tags.get('Marathon')!;
    const strength = project.tags.get('Strength')!;
    const attention = ReviewQueue.predicateOf(model.filter);
    // No filter: pending or flagged. Marathon's first candidate is pending: found from its candidates alone.
    const [taper] = await project.store.candidates(marathon);
    const hit = await model.queue.step(attention, { tagId: null }, 1);
    expect(hit?.candidateId).toBe(taper!.id);
    expect(asked).toEqual([]);
    // A decided candidate needs a look only if flagged: its verdict is read before the walk can say.
    const [first] = await project.store.candidates(strength);
    await project.store.decide([{ id: first!.id, status: 'accepted' }]);
    const cycling = project.tags.get('Cycling')!;
    const [ftp] = await project.store.candidates(cycling);
    const next = await model.queue.step(attention, { tagId: cycling, candidateId: ftp!.id }, 1);
    expect(next?.candidateId).toBe(first!.id);
    expect(asked).toContain(strength);
    expect(asked).not.toContain(marathon);
  });
});
