// What the reviewer's keys do to the project: decisions, bulk decisions, undo, and hand edits
// of tags and questions. The screen updates at once (the snapshot is changed before the write
// resolves); writes go to the store one after another, in the order they were made.
import { parseItemId } from '../../core/ids.js';
import type { DecisionEntry } from '../../core/types.js';
import type { DecisionInput, UndoStep } from '../../store/store-api.js';
import { sanitizeLine } from '../../core/sanitize-text.js';
import { tallyQuestion } from './question-tally.js';
import type { TagSnapshot } from './review-data.js';
import type { ReviewModel } from './review-model.js';
import { subtreeTagIds } from './tree-rows.js';
import type { UndoEntry } from './undo-stack.js';
import { DistillError } from '../../core/distill-error.js';

export const tagOfItem = (id: string): string | undefined => parseItemId(id)?.tagId;

export interface PassingSet {
  ids: string[];
  /** "the project" or the tag's name, for messages. */
  where: string;
}

/** A user-facing refusal ("nothing to accept here"), shown as a message rather than a crash. */
export class ReviewRefusal extends DistillError {}

export class ReviewActions {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly model: ReviewModel) {}

  /** Resolves once every write made so far is on disk. */
  settled(): Promise<void> {
    return this.writes.then(
      () => undefined,
      () => undefined,
    );
  }

  private enqueue<T>(write: () => Promise<T>): Promise<T> {
    const next = this.writes.then(write, write);
    this.writes = next.catch(() => undefined);
    return next;
  }

  // ---- decisions ----

  /** Candidate ids an accept or reject applies to: the marks, else the selection. */
  targets(status: 'accepted' | 'rejected'): string[] {
    const model = this.model;
    const ids = new Set<string>();
    const addQuestion = (questionId: string) => {
      const snapshot = this.snapshotOf(questionId);
      if (!snapshot) return;
      if (status === 'accepted') {
        const preferred = tallyQuestion(snapshot, questionId).preferredPassing;
        if (preferred) ids.add(preferred.id);
      } else {
        for (const candidate of snapshot.candidatesByQuestion.get(questionId) ?? []) ids.add(candidate.id);
      }
    };
    if (model.marks.size > 0) {
      for (const id of model.marks) {
        if (parseItemId(id)?.sample !== undefined) ids.add(id);
        else addQuestion(id);
      }
      return [...ids];
    }
    if (model.focus === 'candidates' || model.focus === 'detail') {
      const candidate = model.selectedCandidate();
      if (candidate) ids.add(candidate.id);
    } else if (model.focus === 'questions') {
      const question = model.selectedQuestion();
      if (question) addQuestion(question.id);
    }
    return [...ids];
  }

  /** The flags of the targets, as the default reason of a reject. */
  suggestedRejectReason(): string {
    const rules = new Set<string>();
    for (const id of this.targets('rejected')) {
      for (const flag of this.snapshotOf(id)?.checks?.get(id)?.flags ?? []) rules.add(flag.rule);
    }
    return [...rules].join(', ');
  }

  async accept(): Promise<number> {
    return this.decideTargets('accepted');
  }

  /** Rejects the targets with one reason, or with a reason per candidate (each its own flags). */
  async reject(reason: string | ((id: string) => string | undefined)): Promise<number> {
    return this.decideTargets('rejected', reason);
  }

  /** A candidate's own flags as a reject reason ("truncated, repetition"); undefined when it has none. */
  ownFlagsReason(id: string): string | undefined {
    const rules = [...new Set((this.snapshotOf(id)?.checks?.get(id)?.flags ?? []).map((flag) => flag.rule))];
    return rules.length > 0 ? rules.join(', ') : undefined;
  }

  /** The distinct flag rules of the targets, for the reject form's choices. */
  targetFlagRules(): string[] {
    const rules = new Set<string>();
    for (const id of this.targets('rejected')) for (const flag of this.snapshotOf(id)?.checks?.get(id)?.flags ?? []) rules.add(flag.rule);
    return [...rules];
  }

  private async decideTargets(status: 'accepted' | 'rejected', reason?: string | ((id: string) => string | undefined)): Promise<number> {
    const ids = this.targets(status);
    if (ids.length === 0) {
      throw new ReviewRefusal(
        status === 'accepted' && this.model.focus === 'questions'
          ? 'No passing preferred candidate here; open the question and pick one.'
          : 'Select a question or candidate first (A accepts all passing under a tag).',
      );
    }
    const verb = status === 'accepted' ? 'accepted' : 'rejected';
    const fromMarks = this.model.marks.size > 0;
    const label = ids.length === 1 ? `${verb} ${ids[0]}` : `${verb} ${ids.length} candidates`;
    await this.decide(
      ids.map((id) => {
        const text = typeof reason === 'function' ? reason(id) : reason;
        return { id, status, ...(text ? { reason: text } : {}) };
      }),
      label,
    );
    if (fromMarks) this.model.marks.clear();
    this.model.say(label + (fromMarks ? ' (marked)' : ''), status === 'accepted' ? 'accepted' : 'rejected');
    return ids.length;
  }

  /** Accepts the passing preferred candidate of every question under a tag (the topic: all). */
  async acceptPassingUnder(tagId: string | null): Promise<number> {
    return this.acceptPassing(await this.passingUnder(tagId));
  }

  /** The pending passing preferred candidates under a tag (the topic: all), for `A` and its confirmation. */
  async passingUnder(tagId: string | null): Promise<PassingSet> {
    const model = this.model;
    if (!model.data.checks) throw new ReviewRefusal('Checks are not available, so nothing is known to pass.');
    const ids: string[] = [];
    for (const id of subtreeTagIds(model.store, tagId)) {
      const snapshot = await model.data.load(id);
      for (const question of snapshot.questions) {
        const preferred = tallyQuestion(snapshot, question.id).preferredPassing;
        if (preferred && (snapshot.decisions.get(preferred.id)?.status ?? 'pending') === 'pending') ids.push(preferred.id);
      }
    }
    return { ids, where: tagId === null ? 'the project' : sanitizeLine(model.store.tag(tagId)?.name ?? tagId) };
  }

  /** Accepts a set found by passingUnder, as one undo step. */
  async acceptPassing({ ids, where }: PassingSet): Promise<number> {
    const model = this.model;
    if (ids.length === 0) {
      model.say(`Nothing to accept under ${where}: no pending passing preferred candidate.`, 'dim');
      return 0;
    }
    await this.decide(
      ids.map((id) => ({ id, status: 'accepted' })),
      `accepted ${ids.length} passing under ${where}`,
    );
    model.say(`accepted ${ids.length} passing candidates under ${where}`, 'accepted');
    return ids.length;
  }

  /**
   * Records decisions, written in order, undoable as one step. Until the store's append has
   * resolved (fsync'd) the items show as being written, never as decided: a ✓ on screen is on disk.
   */
  async decide(inputs: DecisionInput[], label: string): Promise<void> {
    const model = this.model;
    const previous: DecisionInput[] = inputs.map((input) => {
      const decision = this.snapshotOf(input.id)?.decisions.get(input.id);
      return { id: input.id, status: decision?.status ?? 'pending', ...(decision?.reason ? { reason: decision.reason } : {}) };
    });
    const ids = inputs.map((input) => input.id);
    const tagIds = new Set(ids.map(tagOfItem).filter((id): id is string => id !== undefined));
    for (const id of ids) model.writing.add(id);
    model.decisionsChanged(tagIds);
    const entry: UndoEntry = { kind: 'decisions', label, previous };
    model.undo.push(entry);
    try {
      const written = await this.enqueue(() => model.store.decide(inputs));
      if (written[0]) entry.step = { at: written[0].at, entries: written };
      this.applyLocally(written);
    } catch (error) {
      if (model.undo.peek() === entry) model.undo.pop();
      await this.reloadTagsOf(ids);
      throw error;
    } finally {
      for (const id of ids) model.writing.delete(id);
      model.decisionsChanged(tagIds);
    }
  }

  private applyLocally(entries: readonly DecisionEntry[]): void {
    this.model.data.applyDecisions(entries, tagOfItem);
    this.model.decisionsChanged(new Set(entries.map((entry) => tagOfItem(entry.id)).filter((id): id is string => id !== undefined)));
  }

  private async reloadTagsOf(ids: string[]): Promise<void> {
    const tagIds = new Set(ids.map(tagOfItem).filter((id): id is string => id !== undefined));
    for (const tagId of tagIds) await this.model.data.reload(tagId).catch(() => undefined);
    this.model.decisionsChanged(tagIds);
  }

  private snapshotOf(itemId: string): TagSnapshot | undefined {
    const tagId = tagOfItem(itemId);
    return tagId ? this.model.data.get(tagId) : undefined;
  }

  // ---- undo ----

  /** Reverses the most recent action; returns its label, or null when there is nothing to undo. */
  async undo(): Promise<string | null> {
    const model = this.model;
    const entry = model.undo.pop();
    if (!entry) return this.undoFromJournal();
    let note: string;
    try {
      note = await this.revert(entry);
    } catch (error) {
      model.undo.restore(entry);
      throw error;
    }
    model.say(`undone: ${entry.label}${note}`, 'dim');
    return entry.label;
  }

  /** Nothing left from this session: the reviewer's latest decisions from the journal (they survive a restart). */
  private async undoFromJournal(): Promise<string | null> {
    const { store } = this.model;
    const [step] = await store.undoHistory(store.reviewer, 1);
    if (!step) return null;
    const label = `${step.entries.length === 1 ? step.entries[0]!.status + ' ' + step.entries[0]!.id : `${step.entries.length} decisions`} of ${step.at.slice(0, 19).replace('T', ' ')}`;
    const note = await this.undoStep(step);
    this.model.say(`undone: ${label}${note}`, 'dim');
    return label;
  }

  /** Reverts this reviewer's own lines of a step; returns a note naming anyone who decided since. */
  private async undoStep(step: Pick<UndoStep, 'at' | 'entries'>): Promise<string> {
    const { store } = this.model;
    const outcome = await this.enqueue(() => store.undo(step));
    const ids = step.entries.map((entry) => entry.id);
    for (const tagId of new Set(ids.map(tagOfItem).filter((id): id is string => id !== undefined))) {
      const current = await store.decisions(tagId);
      this.applyLocally(
        ids
          .filter((id) => tagOfItem(id) === tagId)
          .map((id): DecisionEntry => {
            const decision = current.get(id);
            return decision ? { id, ...decision } : { id, status: 'pending', at: new Date().toISOString() };
          }),
      );
    }
    const later = outcome.othersSince[0];
    if (!later) return '';
    const more = outcome.othersSince.length > 1 ? ` (and ${outcome.othersSince.length - 1} more)` : '';
    return `; ${sanitizeLine(later.reviewer || 'another reviewer')} ${later.status} ${later.id} since, and that stands${more}`;
  }

  private async revert(entry: UndoEntry): Promise<string> {
    const { store } = this.model;
    switch (entry.kind) {
      case 'decisions':
        // Written lines are known once the decision is on disk (the write queue is in order).
        await this.settled();
        return entry.step ? this.undoStep(entry.step) : '';
      case 'tag-deleted':
        await this.enqueue(() => store.restoreTag(entry.tagId));
        this.model.tagsChanged();
        return '';
      case 'tag-added':
        await this.enqueue(() => store.deleteTag(entry.tagId));
        this.model.tagsChanged();
        return '';
      case 'tag-renamed':
        await this.enqueue(() => store.renameTag(entry.tagId, entry.previousName));
        this.model.tagsChanged();
        return '';
      case 'question-edited': {
        await this.enqueue(() => store.editQuestion(entry.questionId, entry.previousText));
        const tagId = tagOfItem(entry.questionId);
        if (tagId) await this.model.data.reload(tagId);
        return '';
      }
    }
  }

  // ---- hand edits ----

  async addTag(parentId: string | null, name: string): Promise<string> {
    const [tag] = await this.enqueue(() => this.model.store.addTags(parentId, [name], 'manual'));
    if (!tag) throw new ReviewRefusal(`A tag named "${sanitizeLine(name)}" already exists there.`);
    this.model.tagsChanged();
    if (parentId) this.model.setExpanded(parentId, true);
    this.model.undo.push({ kind: 'tag-added', label: `added tag ${sanitizeLine(name)}`, tagId: tag.id });
    this.model.selectTreeRow(tag.id);
    return tag.id;
  }

  async renameTag(tagId: string, name: string): Promise<void> {
    const previousName = this.model.store.tag(tagId)?.name ?? '';
    await this.enqueue(() => this.model.store.renameTag(tagId, name));
    this.model.tagsChanged();
    this.model.undo.push({ kind: 'tag-renamed', label: `renamed ${sanitizeLine(previousName)}`, tagId, previousName });
  }

  async deleteTag(tagId: string): Promise<void> {
    const name = this.model.store.tag(tagId)?.name ?? tagId;
    await this.enqueue(() => this.model.store.deleteTag(tagId));
    this.model.tagsChanged();
    this.model.undo.push({ kind: 'tag-deleted', label: `deleted tag ${sanitizeLine(name)}`, tagId });
  }

  async editQuestion(questionId: string, text: string): Promise<void> {
    const tagId = tagOfItem(questionId);
    const previousText = (tagId ? this.model.data.get(tagId)?.questions.find((q) => q.id === questionId)?.text : undefined) ?? '';
    await this.enqueue(() => this.model.store.editQuestion(questionId, text));
    if (tagId) await this.model.data.reload(tagId);
    this.model.undo.push({ kind: 'question-edited', label: `edited question ${questionId}`, questionId, previousText });
  }
}
