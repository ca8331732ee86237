// The review queue's keys: `]`/`[` to the next or previous match anywhere in the tree, the move
// to the next pending item after a decision, project-wide search (`/`, `n`, `N`), and the
// background read that makes the tree's filter counts exact. Walks that must read tags run as
// background tasks; the cursor moves when they find something.
import type { ScreenTasks } from './screen-tasks.js';
import { candidateText, includesLowerCased } from '../core/candidate-text.js';
import { sanitizeLine } from '../core/sanitize-text.js';
import { type FilterField, describeFilter } from './view-model/list-filter.js';
import type { ReviewModel } from './view-model/review-model.js';
import { type QueueHit, type QueuePlace, type QueuePredicate, ReviewQueue } from './view-model/review-queue.js';

/** Search as a queue predicate: the focused pane says what is searched (questions, or candidates' text). */
function searchField(pane: 'questions' | 'candidates'): FilterField {
  return {
    id: `search-${pane}`,
    values: () => [],
    matches: (needle, item) =>
      pane === 'questions'
        ? (item.question?.text.toLocaleLowerCase().includes(needle) ?? false)
        : // Chunk by chunk: a huge text stays in its shard and is never lowered whole.
          includesLowerCased(candidateText(item.candidate, 'answer'), needle) ||
          includesLowerCased(candidateText(item.candidate, 'reasoning'), needle),
  };
}

export class QueueFlows {
  /** The filter whose unknown tag counts are being read in the background, if any. */
  private filling: string | null = null;

  constructor(
    private readonly tasks: ScreenTasks,
    private readonly model: ReviewModel,
  ) {}

  /** `]` / `[`: the next or previous match of the filter (no filter: pending or flagged) anywhere. */
  step(direction: 1 | -1): void {
    this.tasks.runMove((signal) => this.stepNow(direction, signal));
  }

  /**
   * What `]` / `[` do, awaitable: finds the match, moves the cursor there and resolves with it
   * (null when nothing matches). The bench times this at 1,000,000 candidates.
   */
  stepNow(direction: 1 | -1, signal?: AbortSignal): Promise<QueueHit | null> {
    const predicate = ReviewQueue.predicateOf(this.model.filter);
    return this.walkNow(predicate, this.model.place(), direction, 'candidates', `nothing is ${ReviewQueue.describe(predicate)}`, signal);
  }

  /**
   * After a decision on one item: on to the next pending one the filter shows. The caller runs
   * it as a move (keys wait for it), once the decision is written.
   */
  async afterDecision(decidedIds: readonly string[], from: QueuePlace, signal?: AbortSignal): Promise<void> {
    const last = decidedIds[decidedIds.length - 1];
    if (last === undefined || from.tagId === null) return;
    const predicate: QueuePredicate = { ...ReviewQueue.predicateOf(this.model.filter), pendingOnly: true };
    const focus = this.model.focus === 'questions' ? 'questions' : 'candidates';
    const place: QueuePlace = { tagId: from.tagId, candidateId: last, ...(from.questionId ? { questionId: from.questionId } : {}) };
    // A decided item may still look pending (another write of it under way): a walk that came round to it found nothing else.
    await this.walkNow(predicate, place, 1, focus, null, signal, new Set(decidedIds));
  }

  /** `n` / `N` after `/`: the tree searches tag names, the lists the whole project's questions or candidates. */
  searchStep(query: string, direction: 1 | -1, inclusive: boolean): void {
    const model = this.model;
    const pane = model.focus;
    if (pane === 'tree') {
      this.searchTags(query, direction, inclusive);
      return;
    }
    const listPane = pane === 'questions' ? 'questions' : 'candidates';
    const predicate: QueuePredicate = { field: searchField(listPane), value: query.toLocaleLowerCase() };
    const from = model.place();
    // Inclusive (a new search): the item under the cursor counts, so start just before it.
    const start: QueuePlace = inclusive ? { tagId: from.tagId, ...(from.questionId ? { questionId: from.questionId } : {}) } : from;
    if (listPane === 'questions' && !inclusive && from.questionId) {
      // From a question, the next match is in a later question: start after its last candidate.
      const snapshot = model.selectedSnapshot();
      const last = snapshot?.candidatesByQuestion.get(from.questionId)?.at(-1);
      if (direction === 1 && last) start.candidateId = last.id;
    }
    this.walk(predicate, start, direction, listPane, `not found in the project: ${sanitizeLine(query)}`);
  }

  private searchTags(query: string, direction: 1 | -1, inclusive: boolean): void {
    const model = this.model;
    const ids = model.allTagIds();
    const needle = query.toLocaleLowerCase();
    const current = model.selectedTagId();
    const start = current === null ? -1 : ids.indexOf(current);
    for (let step = inclusive ? 0 : 1; step <= ids.length; step++) {
      const index = (((start + direction * step) % ids.length) + ids.length) % ids.length;
      const tag = model.store.tag(ids[index]!);
      if (tag && tag.name.toLocaleLowerCase().includes(needle)) {
        model.reveal(tag.id);
        model.selectTreeRow(tag.id);
        return;
      }
    }
    model.say(`no tag named like: ${sanitizeLine(query)}`, 'flag');
  }

  private walk(
    predicate: QueuePredicate,
    from: QueuePlace,
    direction: 1 | -1,
    focus: 'questions' | 'candidates',
    nothing: string | null,
    except?: ReadonlySet<string>,
  ): void {
    this.tasks.runMove((signal) => this.walkNow(predicate, from, direction, focus, nothing, signal, except));
  }

  private async walkNow(
    predicate: QueuePredicate,
    from: QueuePlace,
    direction: 1 | -1,
    focus: 'questions' | 'candidates',
    nothing: string | null,
    signal?: AbortSignal,
    except?: ReadonlySet<string>,
  ): Promise<QueueHit | null> {
    const model = this.model;
    const found = await model.queue.step(predicate, from, direction, signal);
    if (signal?.aborted) return null;
    const hit = found && except?.has(found.candidateId) ? null : found;
    if (!hit) {
      if (nothing) model.say(nothing, 'dim');
      return null;
    }
    await this.goTo(hit, focus);
    if (hit.wrapped) model.say(direction === 1 ? 'came round to the top of the tree' : 'came round to the bottom of the tree', 'dim');
    return hit;
  }

  private async goTo(hit: QueueHit, focus: 'questions' | 'candidates'): Promise<void> {
    // The walk read the tag (as far as it had to); it may have been dropped from the cache since
    // (a large project). Its verdicts, if still to come, are read once it is selected.
    await this.model.data.readCandidates(hit.tagId);
    this.model.selectHit(hit, focus);
  }

  /** Under a filter, reads the tags whose number of matches the counters cannot tell, so the tree's counts become exact. */
  fillCounts(): void {
    const model = this.model;
    if (model.filter.kind === 'all') {
      this.filling = null;
      return;
    }
    const key = describeFilter(model.filter);
    if (this.filling === key) return;
    this.filling = key;
    const filter = model.filter;
    this.tasks.runTask(async () => {
      const unknown = model.queue.unknownTags(filter);
      const predicate = ReviewQueue.predicateOf(filter);
      for (const [index, tagId] of unknown.entries()) {
        if (this.filling !== key) return;
        model.queue.progress = { done: index, total: unknown.length };
        await model.queue.matchesOf(predicate, tagId);
        this.tasks.schedulePaint();
        // Let keys through between tags.
        await new Promise((resolve) => setImmediate(resolve));
      }
      model.queue.progress = null;
      this.tasks.schedulePaint();
    });
  }
}
