import { statSync } from 'node:fs';
import { access, mkdir, readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { editedQuestion, isStaleCandidate } from '../core/candidate-identity.js';
import { addToProfile, profileOf, profileSize, type CandidateProfile } from '../core/candidate-profile.js';
import { parseItemId, questionIdOfCandidate } from '../core/ids.js';
import { reviewerNameProblem } from '../core/reviewer-name.js';
import {
  copyReviewSummary,
  reviewTag,
  reviseTagReview,
  type TagReview,
  type TagReviewInput,
  type TagReviewSummary,
} from '../core/tag-review.js';
import type { Candidate, Decision, DecisionEntry, Failure, ProjectConfig, Question, ReviewSettings, Tag } from '../core/types.js';
import { CandidateShard } from './candidate-shard.js';
import { ChangeLog, type ChangeKind } from './change-log.js';
import { readConfig, writeConfig } from './config-file.js';
import { newestFirst, planUndo, undoableSteps, type UndoPlan, type UndoStep } from './decision-history.js';
import { decisionEntry, withIdentity } from './decision-entries.js';
import { withoutSeq } from './decision-journal.js';
import { DecisionShard } from './decision-shard.js';
import { defaultReviewer } from './default-reviewer.js';
import { FailureFile } from './failure-file.js';
import { acquireLock, withLock } from './file-lock.js';
import { writeDocument } from './json-document.js';
import { ProjectChanges } from './project-changes.js';
import { ProjectLayout } from './project-layout.js';
import { QuestionShard } from './question-shard.js';
import { ShardCache } from './shard-cache.js';
import { ShardCountIndex, type ShardCounts } from './shard-counts.js';
import { projectShardKinds, type ShardKinds } from './shard-kinds.js';
import type {
  DecideOptions,
  DecisionInput,
  HeldLock,
  NewQuestion,
  OpenOptions,
  ProjectStoreApi,
  StoreChanges,
  TagCounts,
  TagVersions,
  UndoOutcome,
} from './store-api.js';
import { StoreError } from './store-error.js';
import { TagFile } from './tag-file.js';

/** Shards kept in memory per kind; a reviewer moving through a huge project does not grow without bound. */
const LOADED_SHARDS = 128;
/** The counters cache only spares replaying the change log, so it is written now and then, and at close. */
const COUNTS_FLUSH_MS = 5_000;
/** Cached counters checked against their files on each refresh (the background check). */
const VERIFIED_PER_REFRESH = 16;
/**
 * Projects of up to this many shard files have every cached counter checked at open (a few
 * milliseconds). At 3,000 (a million candidates) the check took 0.2 s of CPU of the review's
 * first screen; beyond the limit the change log is trusted and the background check catches up.
 */
const VERIFIED_AT_OPEN_UP_TO = 600;

interface TagShards {
  journal: DecisionShard;
  candidates: CandidateShard;
  questions: QuestionShard;
}

export class ProjectStore implements ProjectStoreApi {
  readonly dir: string;
  readonly layout: ProjectLayout;
  /** Who this process's decisions are recorded as. */
  readonly reviewer: string;
  private currentConfig: ProjectConfig;
  private readonly warningList: string[] = [];
  private readonly unreadableList: StoreError[] = [];
  private readonly tagFile: TagFile;
  private readonly failureFile: FailureFile;
  private readonly questionShards: ShardCache<QuestionShard>;
  private readonly candidateShards: ShardCache<CandidateShard>;
  private readonly decisionShards: ShardCache<DecisionShard>;
  private readonly countIndex: ShardCountIndex;
  private readonly kinds: ShardKinds;
  private readonly changes: ProjectChanges;
  private flushTimer: NodeJS.Timeout | null = null;
  /** Tag reviews as last weighed, with what they were weighed from; revised in place after our own decisions. */
  private readonly reviews = new Map<string, { journalOffset: number; basis: string; review: TagReview }>();

  private constructor(dir: string, config: ProjectConfig, reviewer: string) {
    this.dir = dir;
    this.reviewer = reviewer;
    this.layout = new ProjectLayout(dir);
    this.currentConfig = config;
    this.tagFile = new TagFile(this.layout.tags);
    this.failureFile = new FailureFile(this.layout.failures);
    // Each shard read in full also corrects its counters, should a change have escaped the change log.
    this.questionShards = new ShardCache(LOADED_SHARDS, async (tagId) => {
      const shard = new QuestionShard(this.layout.questions(tagId));
      await shard.reload();
      this.countIndex.correct(this.kinds.questions, tagId, { questions: shard.live().length }, await fileSize(shard.file).catch(() => 0));
      return shard;
    });
    this.candidateShards = new ShardCache(
      LOADED_SHARDS,
      async (tagId) => {
        const shard = new CandidateShard(this.layout.candidates(tagId));
        await shard.catchUp();
        this.countIndex.correct(this.kinds.candidates, tagId, { candidates: shard.list.length }, shard.readOffset);
        return shard;
      },
      (shard) => shard.close(),
    );
    this.decisionShards = new ShardCache(LOADED_SHARDS, async (tagId) => {
      const shard = new DecisionShard(this.layout.decisions(tagId));
      await shard.catchUp();
      return shard;
    });
    this.kinds = projectShardKinds(this.layout, () => this.doubleShare);
    this.countIndex = new ShardCountIndex(this.layout.countsCache, Object.values(this.kinds), (problem) => {
      const message = problem instanceof Error ? problem.message : String(problem);
      if (this.warningList.includes(message)) return;
      this.warningList.push(message);
      if (problem instanceof StoreError) this.unreadableList.push(problem);
    });
    this.changes = new ProjectChanges(new ChangeLog(this.layout.changeLog), this.countIndex, this.kinds, VERIFIED_AT_OPEN_UP_TO);
  }

  /** Creates a new project folder; refuses to overwrite an existing project. */
  static async create(dir: string, config: ProjectConfig, options: OpenOptions = {}): Promise<ProjectStore> {
    const root = resolve(dir);
    const layout = new ProjectLayout(root);
    const exists = await access(layout.config).then(
      () => true,
      () => false,
    );
    if (exists) throw new StoreError(`${layout.config} already exists: ${root} is already a distill project`, { file: layout.config });
    await mkdir(root, { recursive: true });
    await writeConfig(layout.config, config);
    await writeDocument(layout.tags, { tags: [] });
    return ProjectStore.open(root, options);
  }

  /** Reads the config, the tag tree and the counters; shards load when asked for. */
  static async open(dir: string, options: OpenOptions = {}): Promise<ProjectStore> {
    const reviewer = options.reviewer ?? defaultReviewer();
    const problem = reviewerNameProblem(reviewer);
    if (problem) throw new StoreError(`cannot record decisions as "${reviewer.slice(0, 80)}": ${problem}`);
    const root = resolve(dir);
    const config = await readConfig(new ProjectLayout(root).config);
    const store = new ProjectStore(root, config, reviewer);
    await store.tagFile.reload();
    await store.changes.open();
    store.scheduleCountsFlush();
    return store;
  }

  get config(): ProjectConfig {
    return this.currentConfig;
  }

  get cacheDir(): string {
    return this.layout.cacheDir;
  }

  get warnings(): readonly string[] {
    return this.warningList;
  }

  get unreadable(): readonly StoreError[] {
    return this.unreadableList;
  }

  // ---- tags ----

  tags(): Tag[] {
    return this.tagFile.tree.live();
  }

  tag(id: string): Tag | undefined {
    return this.tagFile.tree.get(id);
  }

  children(parentId: string | null): Tag[] {
    return this.tagFile.tree.children(parentId);
  }

  isLeaf(id: string): boolean {
    return this.tagFile.tree.isLeaf(id);
  }

  tagPath(id: string): string[] {
    return this.tagFile.tree.path(id);
  }

  promptPath(id: string | null): string[] {
    return [this.config.topic, ...(id ? this.tagPath(id) : [])];
  }

  findTag(path: string[]): Tag | undefined {
    return this.tagFile.tree.find(path, this.config.topic);
  }

  /** The tree as it stands (for walks that need depth, leaves, descendants). */
  get tree() {
    return this.tagFile.tree;
  }

  addTags(parentId: string | null, names: string[], origin: Tag['origin']): Promise<Tag[]> {
    return this.withTagsLocked(() => this.tagFile.add(parentId, names, origin));
  }

  renameTag(id: string, name: string): Promise<void> {
    return this.withTagsLocked(() => this.tagFile.rename(id, name));
  }

  deleteTag(id: string): Promise<void> {
    return this.withTagsLocked(() => this.tagFile.remove(id));
  }

  restoreTag(id: string): Promise<void> {
    return this.withTagsLocked(() => this.tagFile.restore(id));
  }

  private withTagsLocked<T>(change: () => Promise<T>): Promise<T> {
    return withLock(this.layout.lock('tags'), 'a tag tree change', async () => {
      await this.tagFile.reload();
      return change();
    });
  }

  // ---- questions ----

  async questions(tagId: string): Promise<Question[]> {
    return (await this.questionShards.get(tagId)).live();
  }

  async addQuestions(tagId: string, items: NewQuestion[], origin: Question['origin']): Promise<Question[]> {
    if (!this.tag(tagId)) throw new StoreError(`no tag ${tagId} in this project (it may have been deleted)`);
    return this.withQuestionsLocked(tagId, (shard) => shard.add(tagId, items, origin));
  }

  async editQuestion(id: string, text: string): Promise<void> {
    const parsed = parseItemId(id);
    const clean = text.trim();
    if (!parsed || parsed.sample !== undefined) throw new StoreError(`${id} is not a question id`);
    if (!clean) throw new StoreError('a question cannot be empty');
    const found = await this.withQuestionsLocked(parsed.tagId, (shard) =>
      shard.update(id, (question) => editedQuestion(question, clean, new Date().toISOString())),
    );
    if (!found) throw new StoreError(`no question ${id} in this project`);
    // Its candidates' decisions are suspended (or, after an undo of the edit, back): recount them.
    await this.recordReviewCounts(parsed.tagId);
  }

  private async withQuestionsLocked<T>(tagId: string, change: (shard: QuestionShard) => Promise<T>): Promise<T> {
    const shard = await this.questionShards.get(tagId);
    const result = await withLock(this.layout.lock(`questions-${tagId}`), 'a question change', async () => {
      await shard.reload();
      return change(shard);
    });
    this.countIndex.record(this.kinds.questions, tagId, { questions: shard.live().length }, await fileSize(shard.file));
    await this.changes.note('questions', tagId);
    this.scheduleCountsFlush();
    return result;
  }

  // ---- candidates ----

  async candidates(tagId: string, options: { keep?: boolean } = {}): Promise<Candidate[]> {
    return (await (options.keep === false ? this.candidateShards.getOnce(tagId) : this.candidateShards.get(tagId))).list;
  }

  /** Candidates of one question (loads the question's tag shard). */
  async candidatesOf(questionId: string): Promise<Candidate[]> {
    const parsed = parseItemId(questionId);
    if (!parsed) return [];
    return (await this.candidateShards.get(parsed.tagId)).ofQuestion(questionId);
  }

  /**
   * Appends; each candidate gets its generation (`gen`) here, and the hash of the question text
   * it answered unless the caller gave it, so that decisions can only ever apply to this text.
   */
  async appendCandidates(candidates: Candidate[]): Promise<void> {
    await (
      await this.writeCandidates(candidates)
    ).saved;
  }

  /**
   * The same in two steps: resolves once the lines are written to their shards (a kill -9
   * can no longer lose them), and `saved` once they are durable, counted and noted for
   * other processes. The generator frees a teacher's slot at the first step.
   */
  async writeCandidates(candidates: Candidate[]): Promise<{ saved: Promise<void> }> {
    const written: [string, CandidateShard][] = [];
    for (const [tagId, group] of groupBy(candidates, (candidate) => candidate.tagId)) {
      const questions = await this.questionShards.get(tagId);
      const stamped = group.map((candidate) => withIdentity(candidate, questions.byId(candidate.questionId)));
      const shard = await this.candidateShards.get(tagId);
      this.warningList.push(...(await shard.write(stamped)));
      written.push([tagId, shard]);
    }
    const saved = (async () => {
      for (const [tagId, shard] of written) {
        await shard.sync();
        this.countIndex.record(this.kinds.candidates, tagId, this.candidateCounts(tagId, shard.list), shard.readOffset);
        // A candidate under a decided id (its shard lost lines) leaves that decision without its text.
        await this.recordReviewCounts(tagId);
        await this.changes.note('candidates', tagId);
      }
      this.scheduleCountsFlush();
    })();
    // Awaited by the caller; marked handled so that a failure is not reported twice.
    saved.catch(() => undefined);
    return { saved };
  }

  /**
   * The candidates shard's counters after an append: the profile grows by what was appended
   * while the counters knew every line before it, else it is made again from the whole shard.
   */
  private candidateCounts(tagId: string, list: readonly Candidate[]): ShardCounts {
    const before = this.countIndex.shardCounts(this.kinds.candidates, tagId);
    // The list only grows, in file order, and a profile counts each candidate once: it covers the
    // list's first profileSize() entries. Appends that were batched with other callers' (or that
    // another process made) are then still added, not recounted: recounting made every append
    // cost the whole shard (2,048 answers of one tag spent half the generation's CPU on it).
    const covered = before?.profile ? profileSize(before.profile) : -1;
    const profile = before?.profile && covered <= list.length ? addToProfile([...before.profile], list.slice(covered)) : profileOf(list);
    return { candidates: list.length, profile };
  }

  /** Reasoning lengths and languages of a tag's candidates, from the counters; the shard is read (once) only when they cannot say. */
  async candidateProfile(tagId: string): Promise<CandidateProfile> {
    const counted = this.countIndex.shardCounts(this.kinds.candidates, tagId);
    if (counted?.profile && profileSize(counted.profile) === (counted.candidates ?? 0)) return counted.profile;
    const shard = await this.candidateShards.get(tagId);
    const profile = profileOf(shard.list);
    this.countIndex.record(this.kinds.candidates, tagId, { candidates: shard.list.length, profile }, shard.readOffset);
    this.scheduleCountsFlush();
    return profile;
  }

  /** Candidates whose question was edited after they were written (the rule `stale`), by id. */
  async staleCandidates(tagId: string): Promise<Set<string>> {
    const [questions, candidates] = await Promise.all([this.questionShards.get(tagId), this.candidateShards.get(tagId)]);
    const stale = new Set<string>();
    for (const candidate of candidates.list) {
      const question = questions.byId(candidate.questionId);
      if (question && isStaleCandidate(candidate, question)) stale.add(candidate.id);
    }
    return stale;
  }

  // ---- decisions ----

  /**
   * Records decisions as this store's reviewer (or `options.reviewer`). Each line names the
   * candidate's generation and the question text as it is now, so it never applies to another text.
   */
  async decide(inputs: DecisionInput[], options: DecideOptions = {}): Promise<DecisionEntry[]> {
    const reviewer = options.reviewer ?? this.reviewer;
    const problem = reviewerNameProblem(reviewer);
    if (problem) throw new StoreError(`cannot record decisions as "${reviewer.slice(0, 80)}": ${problem}`);
    const at = new Date().toISOString();
    const byTag = groupBy(inputs, (input) => {
      const parsed = parseItemId(input.id);
      if (!parsed || parsed.sample === undefined)
        throw new StoreError(`${input.id} is not a candidate id (they look like t1a2b3c-4-0; distill list shows them)`);
      return parsed.tagId;
    });
    const written: DecisionEntry[] = [];
    for (const [tagId, group] of byTag) {
      const [candidates, questions] = await Promise.all([this.candidateShards.get(tagId), this.questionShards.get(tagId)]);
      const entries = group.map((input): DecisionEntry => {
        const candidate = candidates.ofQuestion(questionIdOfCandidate(input.id)).find((item) => item.id === input.id);
        if (!candidate) throw new StoreError(`no candidate ${input.id} in this project (distill list shows the ids)`);
        return decisionEntry(input, candidate, questions.byId(candidate.questionId), { at, reviewer, adjudicate: options.adjudicate });
      });
      await this.appendDecisions(tagId, entries);
      written.push(...entries);
    }
    return written;
  }

  /** The decisions in effect for the tag's candidates (pending ones left out). */
  async decisions(tagId: string): Promise<Map<string, Decision>> {
    // A copy: the review is revised in place as decisions are made.
    return new Map((await this.review(tagId)).decisions);
  }

  /**
   * Every decided candidate of a tag: the decision in effect, each reviewer's vote, and the
   * decisions set aside because their candidate is gone or changed or its question was edited.
   */
  async review(tagId: string): Promise<TagReview> {
    const shards = await this.tagShards(tagId);
    const cached = this.reviews.get(tagId);
    if (cached && cached.journalOffset === shards.journal.readOffset && cached.basis === this.reviewBasis(shards)) return cached.review;
    const review = reviewTag({ votes: shards.journal.journal.allVotes(), ...this.reviewInput(shards) });
    this.reviews.delete(tagId);
    this.reviews.set(tagId, { journalOffset: shards.journal.readOffset, basis: this.reviewBasis(shards), review });
    if (this.reviews.size > LOADED_SHARDS) this.reviews.delete(this.reviews.keys().next().value!);
    return review;
  }

  private async tagShards(tagId: string): Promise<TagShards> {
    const [journal, candidates, questions] = await Promise.all([
      this.decisionShards.get(tagId),
      this.candidateShards.get(tagId),
      this.questionShards.get(tagId),
    ]);
    return { journal, candidates, questions };
  }

  /** What a tag review depends on besides the journal: the shards' contents and the double-review share. */
  private reviewBasis({ candidates, questions }: TagShards): string {
    return `${candidates.readOffset}|${questions.revision}|${this.doubleShare}`;
  }

  private reviewInput({ candidates, questions }: TagShards): Omit<TagReviewInput, 'votes'> {
    return {
      candidate: (id) => candidates.ofQuestion(questionIdOfCandidate(id)).find((item) => item.id === id),
      question: (id) => questions.identityOf(id),
      doubleShare: this.doubleShare,
    };
  }

  async decisionHistory(candidateId: string): Promise<DecisionEntry[]> {
    const tagId = parseItemId(candidateId)?.tagId;
    if (!tagId) return [];
    const journal = await this.decisionShards.get(tagId);
    return (journal.journal.lines.get(candidateId) ?? []).map(withoutSeq);
  }

  /** A tag's review totals from the counters (no shard read); undefined when it has no decisions. */
  reviewSummary(tagId: string): TagReviewSummary | undefined {
    return this.countIndex.review(tagId);
  }

  /**
   * The reviewer's latest decisions, newest first, one step per decide() call: the undo history,
   * read from the journals, so it survives a restart. Reads the most recently written journals first
   * and stops once older ones cannot hold anything newer.
   */
  async undoHistory(reviewer = this.reviewer, limit = 20): Promise<UndoStep[]> {
    const files = await this.journalsNewestFirst();
    const steps = new Map<string, UndoStep>();
    for (const { tagId, mtimeMs } of files) {
      const oldest = [...steps.keys()].sort().reverse()[limit - 1];
      if (oldest !== undefined && Date.parse(oldest) > mtimeMs) break;
      const journal = await this.decisionShards.get(tagId);
      await journal.catchUp();
      for (const step of undoableSteps(journal.journal.lines, reviewer)) {
        const existing = steps.get(step.at);
        if (existing) existing.entries.push(...step.entries);
        else steps.set(step.at, step);
      }
    }
    return [...steps.values()].sort(newestFirst).slice(0, limit);
  }

  /**
   * Reverts the reviewer's own decisions of one step (the lines one decide() wrote), each back to the
   * reviewer's own previous decision on that candidate. Another reviewer's decision is never changed;
   * those made since are reported, as are candidates the reviewer has decided again since.
   */
  async undo(step: Pick<UndoStep, 'at' | 'entries'>, reviewer = this.reviewer): Promise<UndoOutcome> {
    const now = new Date().toISOString();
    const outcome: UndoOutcome = { undone: [], skipped: [], othersSince: [] };
    const byTag = groupBy(step.entries, (entry) => parseItemId(entry.id)?.tagId ?? '');
    for (const [tagId, entries] of byTag) {
      if (!tagId) continue;
      const journal = await this.decisionShards.get(tagId);
      await journal.catchUp();
      const plan: UndoPlan = planUndo(
        journal.journal.lines,
        reviewer,
        step.at,
        entries.map((entry) => entry.id),
        now,
      );
      if (plan.lines.length > 0) await this.appendDecisions(tagId, plan.lines);
      outcome.undone.push(...plan.lines);
      outcome.skipped.push(...plan.skipped);
      outcome.othersSince.push(...plan.othersSince);
    }
    return outcome;
  }

  private async appendDecisions(tagId: string, entries: DecisionEntry[]): Promise<void> {
    const before = await this.review(tagId);
    const shards = await this.tagShards(tagId);
    const basis = this.reviewBasis(shards);
    const { warnings, fromOffset, changed } = await shards.journal.append(entries);
    this.warningList.push(...warnings);
    // Only the candidates just decided changed: revise the tag's review for them instead of
    // weighing the whole tag again (a keystroke's cost stays flat however many are decided).
    const cached = this.reviews.get(tagId);
    if (cached?.review === before && cached.journalOffset === fromOffset && cached.basis === basis && this.reviewBasis(shards) === basis) {
      reviseTagReview(
        before,
        [...new Set(changed)].map((id) => [id, shards.journal.journal.votes(id)]),
        this.reviewInput(shards),
      );
      cached.journalOffset = shards.journal.readOffset;
    } else {
      this.reviews.delete(tagId);
    }
    await this.recordReviewCounts(tagId);
    await this.changes.note('decisions', tagId);
  }

  /** Recomputes a tag's decision counts from its shards in memory and records them for the counters. */
  private async recordReviewCounts(tagId: string): Promise<void> {
    const [journal, candidates, questions] = await Promise.all([
      this.decisionShards.get(tagId),
      this.candidateShards.get(tagId),
      this.questionShards.get(tagId),
    ]);
    if (journal.readOffset === 0 && journal.journal.size === 0) return;
    const summary = copyReviewSummary((await this.review(tagId)).summary);
    this.countIndex.record(
      this.kinds.decisions,
      tagId,
      { accepted: summary.accepted, rejected: summary.rejected, review: summary },
      journal.readOffset,
      {
        candidates: candidates.readOffset,
        questions: questions.knownSize,
      },
    );
    this.scheduleCountsFlush();
  }

  private async journalsNewestFirst(): Promise<{ tagId: string; mtimeMs: number }[]> {
    const names = await readdir(this.layout.decisionsDir).catch(() => [] as string[]);
    const files = await Promise.all(
      names
        .filter((name) => name.endsWith('.jsonl'))
        .map(async (name) => {
          const info = await stat(this.layout.decisions(name.slice(0, -'.jsonl'.length))).catch(() => null);
          return { tagId: name.slice(0, -'.jsonl'.length), mtimeMs: info?.mtimeMs ?? 0 };
        }),
    );
    return files.sort((a, b) => b.mtimeMs - a.mtimeMs);
  }

  private get doubleShare(): number {
    return this.currentConfig.review?.doubleShare ?? 0;
  }

  // ---- counts, failures, config ----

  counts(tagId: string): TagCounts {
    return this.countIndex.get(tagId);
  }

  /** A shard file's identity, size and modification time: rewritten (questions) or appended to (candidates), it changes. */
  // Blocking stats: a check asks for every tag's versions, and through the thread pool each stat cost several times the call.
  versions(tagId: string): Promise<TagVersions> {
    // A stat that throws (not ENOENT) rejects the promise, as an async stat did.
    return new Promise((resolve) =>
      resolve({ questions: fileStamp(this.layout.questions(tagId)), candidates: fileStamp(this.layout.candidates(tagId)) }),
    );
  }

  failures(): Promise<Failure[]> {
    return this.failureFile.read();
  }

  /** Generator only: remembers items that failed after retries, and forgets those that now succeeded. */
  async updateFailures(failed: Failure[], succeeded: Iterable<string>): Promise<void> {
    await withLock(this.layout.lock('failures'), 'a failure record update', () => this.failureFile.update(failed, succeeded));
  }

  /** Replaces the review settings (double-review share) in distill.json; the counters recount under them. */
  async updateReviewSettings(review: ReviewSettings): Promise<void> {
    await withLock(this.layout.lock('config'), 'a config change', async () => {
      const fresh = await readConfig(this.layout.config);
      // Only the settings given change: the double-review share leaves the reject reasons alone.
      const next = { ...fresh, review: { ...fresh.review, ...review } };
      await writeConfig(this.layout.config, next);
      this.currentConfig = next;
    });
    await this.countIndex.scan();
    this.scheduleCountsFlush();
  }

  /** Replaces the rule thresholds in distill.json (validated). */
  async updateRules(rules: Record<string, unknown>): Promise<void> {
    await this.updateConfig((fresh) => ({ ...fresh, rules }));
  }

  /** Changes distill.json as read fresh under its lock (so concurrent edits are not lost); validated before it is written. */
  async updateConfig(change: (fresh: ProjectConfig) => ProjectConfig): Promise<void> {
    await withLock(this.layout.lock('config'), 'a config change', async () => {
      const next = change(await readConfig(this.layout.config));
      await writeConfig(this.layout.config, next);
      this.currentConfig = next;
    });
  }

  /**
   * Held for a whole generation run, so that two generators never produce the
   * same missing items twice. Fails at once when another run holds it.
   */
  acquireGenerationLock(purpose: string): Promise<HeldLock> {
    return acquireLock(this.layout.lock('generate'), purpose, 0);
  }

  /**
   * Picks up what other processes wrote: the tag tree (one stat) and the shards the change
   * log names since the last look (one stat when nothing changed), plus a few cached
   * counters checked against their files. Cost follows the changes, not the project size.
   */
  async refresh(): Promise<StoreChanges> {
    const tags = await this.tagFile.reload();
    const changed = new Set<string>();
    const { rescanned } = await this.changes.poll(async (changes) => {
      for (const { kind, tagId } of changes) {
        await this.catchUpLoaded(kind, tagId);
        changed.add(tagId);
      }
    });
    if (rescanned) {
      // The log could not say what changed: catch up every loaded shard, as each may have.
      for (const [tagId, shard] of this.questionShards.loaded()) if (await shard.reload()) changed.add(tagId);
      for (const [tagId, shard] of this.candidateShards.loaded()) if ((await shard.catchUp()).length > 0) changed.add(tagId);
      for (const [tagId, shard] of this.decisionShards.loaded()) if ((await shard.catchUp()).length > 0) changed.add(tagId);
      for (const tagId of rescanned) changed.add(tagId);
    }
    for (const tagId of await this.countIndex.verifySome(VERIFIED_PER_REFRESH)) changed.add(tagId);
    if (changed.size > 0) this.scheduleCountsFlush();
    return { tags, tagIds: [...changed] };
  }

  private async catchUpLoaded(kind: ChangeKind, tagId: string): Promise<void> {
    if (kind === 'questions') await this.questionShards.peek(tagId)?.reload();
    else if (kind === 'candidates') await this.candidateShards.peek(tagId)?.catchUp();
    else await this.decisionShards.peek(tagId)?.catchUp();
  }

  /** Writes the counters cache now; call before the process exits. */
  async close(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await this.candidateShards.releaseAll();
    await this.changes.settled();
    await this.changes.flushCounts().catch(() => undefined);
  }

  private scheduleCountsFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      // A derived cache: failing to write it costs a recount later, nothing else.
      this.changes.flushCounts().catch(() => undefined);
    }, COUNTS_FLUSH_MS);
    this.flushTimer.unref();
  }
}

function fileStamp(file: string): string {
  try {
    const info = statSync(file, { bigint: true });
    return `${info.ino}:${info.size}:${info.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

async function fileSize(file: string): Promise<number> {
  return (await stat(file)).size;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
