import { profileOf, type CandidateProfile } from '../../core/candidate-profile.js';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editedQuestion, isStaleCandidate } from '../../core/candidate-identity.js';
import { parseItemId, questionId, questionIdOfCandidate } from '../../core/ids.js';
import { questionIdentity, reviewTag, type TagReview, type TagReviewSummary } from '../../core/tag-review.js';
import { TagTree } from '../../core/tag-tree.js';
import type { Candidate, Decision, DecisionEntry, Failure, ProjectConfig, Question, ReviewSettings, Tag } from '../../core/types.js';
import { validateConfig } from '../config-file.js';
import { newestFirst, planUndo, undoableSteps, type UndoStep } from '../decision-history.js';
import { decisionEntry, withIdentity } from '../decision-entries.js';
import { DecisionJournal, withoutSeq } from '../decision-journal.js';
import { mergeFailures } from '../failure-merge.js';
import type {
  DecideOptions,
  DecisionInput,
  HeldLock,
  NewQuestion,
  ProjectStoreApi,
  StoreChanges,
  TagCounts,
  TagVersions,
  UndoOutcome,
} from '../store-api.js';
import { StoreError } from '../store-error.js';
import { addedTags, removedTags, renamedTags, restoredTags } from '../tag-edits.js';

/** Runs a synchronous change as the interface's promise: a throw becomes a rejection, as from the real store. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * A project held in memory, for tests of code that takes a ProjectStoreApi (checks,
 * pipeline, TUI): no project files; the code under test may write caches under
 * `cacheDir`. Tag edits share their rules with the real store; nothing is durable.
 */
export class MemoryStore implements ProjectStoreApi {
  readonly warnings: string[] = [];
  readonly unreadable: StoreError[] = [];
  tree = new TagTree([]);
  readonly dir: string;
  /** A fresh folder under the OS temp dir unless given; close() removes it if it was not given. */
  readonly cacheDir: string;
  private readonly ownsCacheDir: boolean;
  private readonly questionsOf = new Map<string, Question[]>();
  private readonly candidatesOfTag = new Map<string, Candidate[]>();
  /** Decision journals per tag, weighed exactly as the file-backed store weighs its journal files. */
  private readonly journals = new Map<string, DecisionJournal>();
  readonly reviewer: string;
  private failureList: Failure[] = [];
  /** Bumped by every change to a tag's questions or candidates; the instance id keeps two stores' stamps apart. */
  private readonly changes = new Map<string, { questions: number; candidates: number }>();
  private readonly instance = Math.random().toString(36).slice(2);
  private generationHeld = false;

  constructor(
    public config: ProjectConfig,
    options: { dir?: string; cacheDir?: string; reviewer?: string } = {},
  ) {
    this.dir = options.dir ?? '(memory)';
    this.reviewer = options.reviewer ?? 'tester';
    this.cacheDir = options.cacheDir ?? join(tmpdir(), `distill-memory-${process.pid}-${Math.random().toString(36).slice(2)}`);
    this.ownsCacheDir = options.cacheDir === undefined;
  }

  tags(): Tag[] {
    return this.tree.live();
  }
  tag(id: string): Tag | undefined {
    return this.tree.get(id);
  }
  children(parentId: string | null): Tag[] {
    return this.tree.children(parentId);
  }
  isLeaf(id: string): boolean {
    return this.tree.isLeaf(id);
  }
  tagPath(id: string): string[] {
    return this.tree.path(id);
  }
  promptPath(id: string | null): string[] {
    return [this.config.topic, ...(id ? this.tagPath(id) : [])];
  }
  findTag(path: string[]): Tag | undefined {
    return this.tree.find(path, this.config.topic);
  }

  addTags(parentId: string | null, names: string[], origin: Tag['origin']): Promise<Tag[]> {
    return settle(() => {
      const created = addedTags(this.tree, parentId, names, origin);
      this.tree = new TagTree([...this.tree.all, ...created]);
      return created;
    });
  }
  renameTag(id: string, name: string): Promise<void> {
    return settle(() => void (this.tree = new TagTree(renamedTags(this.tree, id, name))));
  }
  deleteTag(id: string): Promise<void> {
    return settle(() => void (this.tree = new TagTree(removedTags(this.tree, id))));
  }
  restoreTag(id: string): Promise<void> {
    return settle(() => void (this.tree = new TagTree(restoredTags(this.tree, id))));
  }

  questions(tagId: string): Promise<Question[]> {
    return settle(() => (this.questionsOf.get(tagId) ?? []).filter((question) => !question.deleted));
  }

  addQuestions(tagId: string, items: NewQuestion[], origin: Question['origin']): Promise<Question[]> {
    return settle(() => {
      if (!this.tag(tagId)) throw new StoreError(`no tag ${tagId} in this project (it may have been deleted)`);
      const list = this.questionsOf.get(tagId) ?? [];
      const createdAt = new Date().toISOString();
      const created = items.map((item, index): Question => ({
        ...item,
        id: questionId(tagId, list.length + index + 1),
        tagId,
        origin,
        createdAt,
      }));
      this.questionsOf.set(tagId, [...list, ...created]);
      this.bump(tagId, 'questions');
      return created;
    });
  }

  editQuestion(id: string, text: string): Promise<void> {
    return settle(() => {
      const tagId = parseItemId(id)?.tagId ?? '';
      const list = this.questionsOf.get(tagId) ?? [];
      if (!list.some((each) => each.id === id)) throw new StoreError(`no question ${id} in this project`);
      if (!text.trim()) throw new StoreError('a question cannot be empty');
      const editedAt = new Date().toISOString();
      this.questionsOf.set(
        tagId,
        list.map((each) => (each.id === id ? editedQuestion(each, text.trim(), editedAt) : each)),
      );
      this.bump(tagId, 'questions');
    });
  }

  candidates(tagId: string): Promise<Candidate[]> {
    return settle(() => this.candidatesOfTag.get(tagId) ?? []);
  }
  candidatesOf(id: string): Promise<Candidate[]> {
    return settle(() => (this.candidatesOfTag.get(parseItemId(id)?.tagId ?? '') ?? []).filter((candidate) => candidate.questionId === id));
  }

  async writeCandidates(candidates: Candidate[]): Promise<{ saved: Promise<void> }> {
    await this.appendCandidates(candidates);
    return { saved: Promise.resolve() };
  }

  /** A candidate id already present keeps its first text, as in the shard files. */
  appendCandidates(candidates: Candidate[]): Promise<void> {
    return settle(() => {
      for (const candidate of candidates) {
        const list = this.candidatesOfTag.get(candidate.tagId) ?? [];
        const question = this.questionsOf.get(candidate.tagId)?.find((each) => each.id === candidate.questionId);
        if (list.some((each) => each.id === candidate.id)) continue;
        this.candidatesOfTag.set(candidate.tagId, [...list, withIdentity(candidate, question)]);
        this.bump(candidate.tagId, 'candidates');
      }
    });
  }

  staleCandidates(tagId: string): Promise<Set<string>> {
    return settle(() => {
      const questions = this.questionsOf.get(tagId) ?? [];
      const stale = new Set<string>();
      for (const candidate of this.candidatesOfTag.get(tagId) ?? []) {
        const question = questions.find((each) => each.id === candidate.questionId);
        if (question && isStaleCandidate(candidate, question)) stale.add(candidate.id);
      }
      return stale;
    });
  }

  decide(inputs: DecisionInput[], options: DecideOptions = {}): Promise<DecisionEntry[]> {
    return settle(() => {
      const at = new Date().toISOString();
      const reviewer = options.reviewer ?? this.reviewer;
      const entries = inputs.map((input) => {
        const tagId = parseItemId(input.id)?.tagId ?? '';
        const candidate = this.candidatesOfTag.get(tagId)?.find((each) => each.id === input.id);
        if (!candidate) throw new StoreError(`no candidate ${input.id} in this project`);
        const question = this.questionsOf.get(tagId)?.find((each) => each.id === candidate.questionId);
        return decisionEntry(input, candidate, question, { at, reviewer, adjudicate: options.adjudicate });
      });
      for (const entry of entries) this.journalOf(parseItemId(entry.id)!.tagId).apply(entry);
      return entries;
    });
  }
  decisions(tagId: string): Promise<Map<string, Decision>> {
    return settle(() => this.reviewNow(tagId).decisions);
  }
  review(tagId: string): Promise<TagReview> {
    return settle(() => this.reviewNow(tagId));
  }
  decisionHistory(candidateId: string): Promise<DecisionEntry[]> {
    return settle(() => (this.journals.get(parseItemId(candidateId)?.tagId ?? '')?.lines.get(candidateId) ?? []).map(withoutSeq));
  }
  reviewSummary(tagId: string): TagReviewSummary | undefined {
    return this.journals.has(tagId) ? this.reviewNow(tagId).summary : undefined;
  }
  undoHistory(reviewer = this.reviewer, limit = 20): Promise<UndoStep[]> {
    return settle(() => {
      const steps = new Map<string, UndoStep>();
      for (const journal of this.journals.values()) {
        for (const step of undoableSteps(journal.lines, reviewer)) {
          const existing = steps.get(step.at);
          if (existing) existing.entries.push(...step.entries);
          else steps.set(step.at, step);
        }
      }
      return [...steps.values()].sort(newestFirst).slice(0, limit);
    });
  }
  undo(step: Pick<UndoStep, 'at' | 'entries'>, reviewer = this.reviewer): Promise<UndoOutcome> {
    return settle(() => {
      const now = new Date().toISOString();
      const outcome: UndoOutcome = { undone: [], skipped: [], othersSince: [] };
      const tagIds = new Set(step.entries.map((entry) => parseItemId(entry.id)?.tagId ?? ''));
      for (const tagId of tagIds) {
        const journal = this.journalOf(tagId);
        const ids = step.entries.filter((entry) => parseItemId(entry.id)?.tagId === tagId).map((entry) => entry.id);
        const plan = planUndo(journal.lines, reviewer, step.at, ids, now);
        for (const line of plan.lines) journal.apply(line);
        outcome.undone.push(...plan.lines);
        outcome.skipped.push(...plan.skipped);
        outcome.othersSince.push(...plan.othersSince);
      }
      return outcome;
    });
  }

  private journalOf(tagId: string): DecisionJournal {
    let journal = this.journals.get(tagId);
    if (!journal) this.journals.set(tagId, (journal = new DecisionJournal()));
    return journal;
  }

  private reviewNow(tagId: string): TagReview {
    const candidates = this.candidatesOfTag.get(tagId) ?? [];
    const questions = this.questionsOf.get(tagId) ?? [];
    return reviewTag({
      votes: this.journalOf(tagId).allVotes(),
      candidate: (id) => candidates.find((each) => each.id === id && each.questionId === questionIdOfCandidate(id)),
      question: (id) => {
        const question = questions.find((each) => each.id === id);
        return question ? questionIdentity(question) : undefined;
      },
      doubleShare: this.config.review?.doubleShare ?? 0,
    });
  }

  candidateProfile(tagId: string): Promise<CandidateProfile> {
    return Promise.resolve(profileOf(this.candidatesOfTag.get(tagId) ?? []));
  }

  counts(tagId: string): TagCounts {
    const summary = this.reviewSummary(tagId);
    return {
      questions: (this.questionsOf.get(tagId) ?? []).filter((question) => !question.deleted).length,
      candidates: this.candidatesOfTag.get(tagId)?.length ?? 0,
      accepted: summary?.accepted ?? 0,
      rejected: summary?.rejected ?? 0,
    };
  }

  versions(tagId: string): Promise<TagVersions> {
    const changes = this.changes.get(tagId);
    return settle(() => ({
      questions: changes?.questions ? `${this.instance}:${changes.questions}` : '',
      candidates: changes?.candidates ? `${this.instance}:${changes.candidates}` : '',
    }));
  }

  private bump(tagId: string, kind: 'questions' | 'candidates'): void {
    const changes = this.changes.get(tagId) ?? { questions: 0, candidates: 0 };
    changes[kind]++;
    this.changes.set(tagId, changes);
  }

  failures(): Promise<Failure[]> {
    return settle(() => [...this.failureList]);
  }
  updateFailures(failed: Failure[], succeeded: Iterable<string>): Promise<void> {
    return settle(() => void (this.failureList = mergeFailures(this.failureList, failed, succeeded)));
  }

  updateRules(rules: Record<string, unknown>): Promise<void> {
    return settle(() => {
      const { config, errors } = validateConfig({ ...this.config, rules });
      if (!config) throw new StoreError(`invalid rules: ${errors}`);
      this.config = config;
    });
  }

  updateConfig(change: (fresh: ProjectConfig) => ProjectConfig): Promise<void> {
    return settle(() => {
      const { config, errors } = validateConfig(change(this.config));
      if (!config) throw new StoreError(`invalid config: ${errors}`);
      this.config = config;
    });
  }

  updateReviewSettings(review: ReviewSettings): Promise<void> {
    return settle(() => {
      const { config, errors } = validateConfig({ ...this.config, review });
      if (!config) throw new StoreError(`invalid review settings: ${errors}`);
      this.config = config;
    });
  }

  acquireGenerationLock(purpose: string): Promise<HeldLock> {
    return settle(() => {
      if (this.generationHeld) throw new StoreError(`${purpose}: another generation is already running on this project`);
      this.generationHeld = true;
      return { release: () => settle(() => void (this.generationHeld = false)) };
    });
  }

  refresh(): Promise<StoreChanges> {
    return settle(() => ({ tags: false, tagIds: [] }));
  }
  close(): Promise<void> {
    return this.ownsCacheDir ? rm(this.cacheDir, { recursive: true, force: true }) : Promise.resolve();
  }
}
