// The review screen's state without a terminal: which pane has focus, what is selected in
// each list, the filter, search, marks and fold. Lists are derived from the store and the
// loaded tag snapshots and cached until something they depend on changes.
import type { Candidate, Question } from '../../core/types.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import { ALL, type Filter, describeFilter, filterNeedsVerdicts, matchesFilter } from './list-filter.js';
import { ListCursor } from './list-cursor.js';
import type { ReviewData, TagSnapshot } from './review-data.js';
import { type SubtreeCounts, type TreeRow, buildTreeRows, computeSubtreeMatches, subtreeTagIds } from './tree-rows.js';
import { type QueueHit, type QueuePlace, ReviewQueue } from './review-queue.js';
import { UndoStack } from './undo-stack.js';
import { SubtreeCountIndex } from './subtree-count-index.js';
import { MessageLog } from './message-log.js';
import { FailureIndex } from './failure-index.js';
import type { Tone } from './styled-text.js';

export type Pane = 'tree' | 'questions' | 'candidates' | 'detail';
export const PANES: readonly Pane[] = ['tree', 'questions', 'candidates', 'detail'];

export interface Message {
  text: string;
  tone: Tone;
}

const questionIdOf = (question: Question) => question.id;
const candidateIdOf = (candidate: Candidate) => candidate.id;
const treeIdOf = (row: TreeRow) => row.tagId ?? '';

export class ReviewModel {
  focus: Pane = 'tree';
  readonly expanded = new Set<string>();
  filter: Filter = ALL;
  searchQuery: string | null = null;
  readonly marks = new Set<string>();
  readonly undo = new UndoStack();
  reasoningFolded = true;
  /** Compare mode: the pinned candidate, shown beside the selected one of the same question. */
  compare: { pinnedId: string; questionId: string } | null = null;
  message: Message | null = null;
  /** Every message said, in full, for the log view. */
  readonly log = new MessageLog();
  /** Candidates whose decision is being written: shown as pending-write, not as decided, until it is on disk. */
  readonly writing = new Set<string>();
  /** Generation failures (data/failures.json), shown on their tag and question. */
  readonly failures = new FailureIndex();
  /** Bumped when tags are added, renamed, deleted or changed on disk (tagsChanged). */
  private treeVersion = 0;
  /** Bumped when statuses or items may have changed (decisionsChanged, itemsChanged), so counts and lists recompute. */
  private decisionVersion = 0;

  private readonly treeCursor = new ListCursor();
  private readonly questionCursor = new ListCursor();
  private readonly candidateCursor = new ListCursor();
  private treeCache: { key: string; rows: TreeRow[] } | null = null;
  private readonly countIndex: SubtreeCountIndex;
  /** The tree and flag-summary versions the count index was last built for. */
  private countsKey: string | null = null;
  /** Tags whose own counts may have changed since the count index last looked; null: all of them. */
  private countsDirty: Set<string> | null = new Set();
  private questionCache: { key: string; items: Question[] } | null = null;
  private candidateCache: { key: string; items: Candidate[] } | null = null;

  private orderCache: { key: number; ids: string[] } | null = null;
  private matchesCache: { key: string; counts: Map<string | null, number | null> } | null = null;
  /** The queue across the whole tree (filter matches, `]` and `[`). */
  readonly queue: ReviewQueue;

  constructor(readonly data: ReviewData) {
    this.queue = new ReviewQueue(data, () => this.allTagIds());
    this.countIndex = new SubtreeCountIndex(data.store, (tagId) => data.flagged(tagId));
  }

  get store(): ProjectStoreApi {
    return this.data.store;
  }

  // ---- tree ----

  treeRows(): TreeRow[] {
    const filtered = this.filter.kind !== 'all';
    const matches = filtered ? this.subtreeMatches() : null;
    const key = `${this.treeVersion}|${[...this.expanded].join(',')}|${filtered ? this.matchesCache?.key : ''}`;
    if (this.treeCache?.key !== key) {
      const rows = buildTreeRows(this.store, this.expanded);
      // Under a filter the tree shows only tags with matches (and those not read yet).
      this.treeCache = { key, rows: matches ? rows.filter((row) => row.tagId === null || matches.get(row.tagId) !== 0) : rows };
    }
    return this.treeCache.rows;
  }

  /** Every tag id in tree order, collapsed or not. */
  allTagIds(): string[] {
    if (this.orderCache?.key !== this.treeVersion) this.orderCache = { key: this.treeVersion, ids: subtreeTagIds(this.store, null) };
    return this.orderCache.ids;
  }

  /** Matches of the filter per subtree (null: not all read yet); empty without a filter. */
  subtreeMatches(): Map<string | null, number | null> {
    if (this.filter.kind === 'all') return new Map();
    const key = `${this.treeVersion}|${this.decisionVersion}|${this.data.version}|${this.queue.version}|${describeFilter(this.filter)}`;
    if (this.matchesCache?.key !== key) {
      this.matchesCache = { key, counts: computeSubtreeMatches(this.store, (tagId) => this.queue.count(this.filter, tagId)) };
    }
    return this.matchesCache.counts;
  }

  /** Where the cursor is, for the queue: the tag, and the question or candidate of the focused pane. */
  place(): QueuePlace {
    const tagId = this.selectedTagId();
    if (this.focus === 'tree') return { tagId };
    const question = this.selectedQuestion();
    const candidate = this.focus === 'candidates' || this.focus === 'detail' ? this.selectedCandidate() : undefined;
    return { tagId, ...(question ? { questionId: question.id } : {}), ...(candidate ? { candidateId: candidate.id } : {}) };
  }

  /** Moves the cursor to a queue hit: its tag revealed in the tree, its question and candidate selected. */
  selectHit(hit: QueueHit, focus: 'questions' | 'candidates' = 'candidates'): void {
    this.reveal(hit.tagId);
    this.selectTreeRow(hit.tagId);
    const questionIndex = this.questions().findIndex((question) => question.id === hit.questionId);
    if (questionIndex >= 0) this.selectIndex('questions', questionIndex);
    const candidateIndex = this.candidates().findIndex((candidate) => candidate.id === hit.candidateId);
    if (candidateIndex >= 0) this.selectIndex('candidates', candidateIndex);
    this.focus = focus;
  }

  treeIndex(): number {
    return this.treeCursor.resolve(this.treeRows(), treeIdOf);
  }

  selectedTreeRow(): TreeRow | undefined {
    return this.treeRows()[this.treeIndex()];
  }

  /** The tag whose questions are listed; null is the topic (no questions of its own). */
  selectedTagId(): string | null {
    return this.selectedTreeRow()?.tagId ?? null;
  }

  subtreeCounts(): Map<string | null, SubtreeCounts> {
    // Counted again in full only when the tree or the checks' summary changed; otherwise only the
    // tags whose decisions, items or flagged counts changed move theirs and their ancestors'.
    const key = `${this.treeVersion}|${this.data.flagVersion}`;
    const flagged = this.data.takeFlaggedChanges();
    if (this.countsKey !== key || this.countsDirty === null) {
      // Only the flagged counts changed (the checks' summary came in): the counters are taken as
      // they were and the few tags whose counters changed since are brought up to date after.
      const sameTree = this.countsKey !== null && this.countsKey.split('|')[0] === String(this.treeVersion) && this.countsDirty !== null;
      const dirty = this.countsDirty;
      this.countIndex.rebuild(sameTree);
      if (sameTree && dirty && dirty.size > 0) this.countIndex.update(dirty);
      this.countsKey = key;
      this.countsDirty = new Set();
    } else {
      for (const tagId of flagged) this.countsDirty.add(tagId);
      if (this.countsDirty.size > 0) this.countIndex.update(this.countsDirty);
      this.countsDirty.clear();
    }
    return this.countIndex.counts;
  }

  selectTreeRow(tagId: string | null): void {
    const rows = this.treeRows();
    const index = rows.findIndex((row) => row.tagId === tagId);
    if (index >= 0) this.selectIndex('tree', index);
  }

  /** Expands every ancestor of a tag so that its row exists. */
  reveal(tagId: string): void {
    let parent = this.store.tag(tagId)?.parentId ?? null;
    for (let depth = 0; parent && depth < 64; depth++) {
      this.expanded.add(parent);
      parent = this.store.tag(parent)?.parentId ?? null;
    }
  }

  // ---- questions and candidates of the selection ----

  selectedSnapshot(): TagSnapshot | undefined {
    const tagId = this.selectedTagId();
    // What is read so far: questions first, then candidates, then verdicts.
    return tagId === null ? undefined : this.data.partial(tagId);
  }

  /**
   * The tags of the tree rows near the selection whose questions are not read yet, nearest
   * first: read ahead, so that j or k onto one lists its questions without waiting for a file.
   * Three rows ahead: held j comes faster than one read (15–20 ms), so the row after next must
   * already be on its way when the next one is reached.
   */
  neighbourTags(): string[] {
    const rows = this.treeRows();
    const at = this.treeIndex();
    const ids: string[] = [];
    for (const index of [at + 1, at - 1, at + 2, at - 2, at + 3, at - 3]) {
      const tagId = rows[index]?.tagId;
      if (tagId && !this.data.partial(tagId) && !this.data.isLoading(tagId) && this.data.failure(tagId) === undefined) ids.push(tagId);
    }
    return ids;
  }

  neededLoads(): string[] {
    const tagId = this.selectedTagId();
    const data = this.data;
    return tagId !== null && !data.isComplete(tagId) && !data.isLoading(tagId) && data.failure(tagId) === undefined ? [tagId] : [];
  }

  private listKey(): string {
    return `${this.selectedTagId()}|${this.data.version}|${this.decisionVersion}|${describeFilter(this.filter)}`;
  }

  questions(): Question[] {
    const snapshot = this.selectedSnapshot();
    if (!snapshot) return [];
    const key = this.listKey();
    if (this.questionCache?.key !== key) {
      const items =
        this.filter.kind === 'all'
          ? snapshot.questions
          : // A filter needs the candidates (and, for a verdict or flag, their verdicts): nothing is listed until they are read.
            snapshot.stage === 'questions' || (snapshot.stage === 'candidates' && filterNeedsVerdicts(this.filter))
            ? []
            : snapshot.questions.filter((question) =>
                (snapshot.candidatesByQuestion.get(question.id) ?? []).some((candidate) =>
                  matchesFilter(this.filter, snapshot, candidate, question),
                ),
              );
      this.questionCache = { key, items };
    }
    return this.questionCache.items;
  }

  questionIndex(): number {
    return this.questionCursor.resolve(this.questions(), questionIdOf);
  }

  selectedQuestion(): Question | undefined {
    return this.questions()[this.questionIndex()];
  }

  candidates(): Candidate[] {
    const snapshot = this.selectedSnapshot();
    const question = this.selectedQuestion();
    if (!snapshot || !question) return [];
    const key = `${this.listKey()}|${question.id}`;
    if (this.candidateCache?.key !== key) {
      const all = snapshot.candidatesByQuestion.get(question.id) ?? [];
      this.candidateCache = { key, items: all.filter((candidate) => matchesFilter(this.filter, snapshot, candidate, question)) };
    }
    return this.candidateCache.items;
  }

  candidateIndex(): number {
    return this.candidateCursor.resolve(this.candidates(), candidateIdOf);
  }

  selectedCandidate(): Candidate | undefined {
    return this.candidates()[this.candidateIndex()];
  }

  // ---- movement ----

  listLength(pane: Pane): number {
    if (pane === 'tree') return this.treeRows().length;
    if (pane === 'questions') return this.questions().length;
    if (pane === 'candidates') return this.candidates().length;
    return 0;
  }

  selectedIndex(pane: Pane): number {
    if (pane === 'tree') return this.treeIndex();
    if (pane === 'questions') return this.questionIndex();
    if (pane === 'candidates') return this.candidateIndex();
    return -1;
  }

  selectIndex(pane: Pane, index: number): void {
    if (pane === 'tree') {
      const before = this.selectedTagId();
      this.treeCursor.select(this.treeRows(), index, treeIdOf);
      if (this.selectedTagId() !== before) {
        this.questionCursor.reset();
        this.candidateCursor.reset();
      }
    } else if (pane === 'questions') {
      const before = this.selectedQuestion()?.id;
      this.questionCursor.select(this.questions(), index, questionIdOf);
      if (this.selectedQuestion()?.id !== before) this.candidateCursor.reset();
    } else if (pane === 'candidates') {
      this.candidateCursor.select(this.candidates(), index, candidateIdOf);
    }
  }

  /** Moves the selection of a list pane by `delta` rows (clamped). */
  move(pane: Pane, delta: number): void {
    const length = this.listLength(pane);
    if (length === 0) return;
    this.selectIndex(pane, Math.max(0, Math.min(length - 1, this.selectedIndex(pane) + delta)));
  }

  moveTo(pane: Pane, where: 'top' | 'bottom'): void {
    this.selectIndex(pane, where === 'top' ? 0 : this.listLength(pane) - 1);
  }

  focusNext(delta: 1 | -1): void {
    const index = PANES.indexOf(this.focus);
    this.focus = PANES[(index + delta + PANES.length) % PANES.length]!;
  }

  /** Tree: expand or collapse; other lists: go one pane to the right. */
  open(): void {
    if (this.focus === 'tree') {
      const row = this.selectedTreeRow();
      if (row?.tagId && row.hasChildren) this.setExpanded(row.tagId, !row.expanded);
      else this.focus = 'questions';
    } else if (this.focus === 'questions') {
      this.focus = 'candidates';
    } else if (this.focus === 'candidates') {
      this.focus = 'detail';
    }
  }

  setExpanded(tagId: string, expanded: boolean): void {
    if (expanded) this.expanded.add(tagId);
    else this.expanded.delete(tagId);
  }

  /** Left in the tree: collapse, or go to the parent row. */
  collapseOrParent(): void {
    const row = this.selectedTreeRow();
    if (!row?.tagId) return;
    if (row.expanded) {
      this.setExpanded(row.tagId, false);
      return;
    }
    const parentId = this.store.tag(row.tagId)?.parentId ?? null;
    this.selectTreeRow(parentId);
  }

  // ---- marks, filter, fold ----

  /** Marks the selected question or candidate (or clears its mark) and steps down. */
  toggleMark(): void {
    const id =
      this.focus === 'questions' ? this.selectedQuestion()?.id : this.focus === 'candidates' ? this.selectedCandidate()?.id : undefined;
    if (!id) return;
    if (this.marks.has(id)) this.marks.delete(id);
    else this.marks.add(id);
    this.move(this.focus, 1);
  }

  setFilter(filter: Filter): void {
    this.filter = filter;
  }

  toggleFold(): void {
    this.reasoningFolded = !this.reasoningFolded;
  }

  /** Shows a message in the bar and keeps it in the log; `transient` ones (progress counters) are not logged. */
  say(text: string, tone: Tone = 'normal', options: { transient?: boolean } = {}): void {
    this.message = { text, tone };
    if (!options.transient) this.log.add(text, tone);
  }

  /** Tag data changed on disk (another process) or through the generator. */
  tagsChanged(): void {
    this.treeVersion++;
  }

  /** The reviewer's decisions were applied (to these tags; none given: any): statuses and counts recompute. */
  decisionsChanged(tagIds?: Iterable<string>): void {
    this.decisionVersion++;
    this.countsChanged(tagIds);
  }

  /** Questions, candidates or decisions of tags were read again from disk (the generator, another process). */
  itemsChanged(tagIds?: Iterable<string>): void {
    this.decisionVersion++;
    this.countsChanged(tagIds);
  }

  private countsChanged(tagIds: Iterable<string> | undefined): void {
    if (!tagIds || !this.countsDirty) {
      this.countsDirty = null;
      return;
    }
    for (const tagId of tagIds) this.countsDirty.add(tagId);
  }

  /** Changes whenever anything shown could have: tree, statuses or a tag's data. For render caches. */
  contentVersion(): string {
    return `${this.data.version}|${this.decisionVersion}|${this.treeVersion}|${this.failures.version}`;
  }
}
