import { access, mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseItemId } from '../core/ids.js';
import type { Candidate, Decision, DecisionEntry, Failure, ProjectConfig, Question, Tag } from '../core/types.js';
import { CandidateShard } from './candidate-shard.js';
import { ChangeLog, type ChangeKind } from './change-log.js';
import { readConfig, writeConfig } from './config-file.js';
import { DecisionShard } from './decision-shard.js';
import { FailureFile } from './failure-file.js';
import { acquireLock, withLock } from './file-lock.js';
import { writeDocument } from './json-document.js';
import { ProjectChanges } from './project-changes.js';
import { ProjectLayout } from './project-layout.js';
import { QuestionShard } from './question-shard.js';
import { ShardCache } from './shard-cache.js';
import { ShardCountIndex } from './shard-counts.js';
import { projectShardKinds, type ShardKinds } from './shard-kinds.js';
import type { DecisionInput, HeldLock, NewQuestion, ProjectStoreApi, StoreChanges, TagCounts } from './store-api.js';
import { StoreError } from './store-error.js';
import { TagFile } from './tag-file.js';

/** Shards kept in memory per kind; a reviewer moving through a huge project does not grow without bound. */
const LOADED_SHARDS = 128;
/** The counters cache only spares replaying the change log, so it is written now and then, and at close. */
const COUNTS_FLUSH_MS = 5_000;
/** Cached counters checked against their files on each refresh (the background check). */
const VERIFIED_PER_REFRESH = 16;

export class ProjectStore implements ProjectStoreApi {
  readonly dir: string;
  readonly layout: ProjectLayout;
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

  private constructor(dir: string, config: ProjectConfig) {
    this.dir = dir;
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
      this.countIndex.correct(this.kinds.decisions, tagId, shard.counts(), shard.readOffset);
      return shard;
    });
    this.kinds = projectShardKinds(this.layout);
    this.countIndex = new ShardCountIndex(this.layout.countsCache, Object.values(this.kinds), (problem) => {
      const message = problem instanceof Error ? problem.message : String(problem);
      if (this.warningList.includes(message)) return;
      this.warningList.push(message);
      if (problem instanceof StoreError) this.unreadableList.push(problem);
    });
    this.changes = new ProjectChanges(new ChangeLog(this.layout.changeLog), this.countIndex, this.kinds);
  }

  /** Creates a new project folder; refuses to overwrite an existing project. */
  static async create(dir: string, config: ProjectConfig): Promise<ProjectStore> {
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
    return ProjectStore.open(root);
  }

  /** Reads the config, the tag tree and the counters; shards load when asked for. */
  static async open(dir: string): Promise<ProjectStore> {
    const root = resolve(dir);
    const config = await readConfig(new ProjectLayout(root).config);
    const store = new ProjectStore(root, config);
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
      shard.update(id, (question) => ({ ...question, text: clean, editedAt: new Date().toISOString() })),
    );
    if (!found) throw new StoreError(`no question ${id} in this project`);
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

  async candidates(tagId: string): Promise<Candidate[]> {
    return (await this.candidateShards.get(tagId)).list;
  }

  /** Candidates of one question (loads the question's tag shard). */
  async candidatesOf(questionId: string): Promise<Candidate[]> {
    const parsed = parseItemId(questionId);
    if (!parsed) return [];
    return (await this.candidateShards.get(parsed.tagId)).ofQuestion(questionId);
  }

  async appendCandidates(candidates: Candidate[]): Promise<void> {
    for (const [tagId, group] of groupBy(candidates, (candidate) => candidate.tagId)) {
      const shard = await this.candidateShards.get(tagId);
      this.warningList.push(...(await shard.append(group)));
      this.countIndex.record(this.kinds.candidates, tagId, { candidates: shard.list.length }, shard.readOffset);
      await this.changes.note('candidates', tagId);
    }
    this.scheduleCountsFlush();
  }

  // ---- decisions ----

  async decide(inputs: DecisionInput[]): Promise<DecisionEntry[]> {
    const at = new Date().toISOString();
    const byTag = groupBy(inputs, (input) => {
      const parsed = parseItemId(input.id);
      if (!parsed || parsed.sample === undefined) throw new StoreError(`${input.id} is not a candidate id (they look like t1a2b3c-4-0)`);
      return parsed.tagId;
    });
    const written: DecisionEntry[] = [];
    for (const [tagId, group] of byTag) {
      const candidates = await this.candidateShards.get(tagId);
      const unknown = group.find((input) => !candidates.has(input.id));
      if (unknown) throw new StoreError(`no candidate ${unknown.id} in this project`);
      const entries = group.map((input): DecisionEntry => ({
        id: input.id,
        status: input.status,
        ...(input.reason ? { reason: input.reason } : {}),
        at,
      }));
      const shard = await this.decisionShards.get(tagId);
      this.warningList.push(...(await shard.append(entries)));
      this.countIndex.record(this.kinds.decisions, tagId, shard.counts(), shard.readOffset);
      await this.changes.note('decisions', tagId);
      written.push(...entries);
    }
    this.scheduleCountsFlush();
    return written;
  }

  async decisions(tagId: string): Promise<Map<string, Decision>> {
    return (await this.decisionShards.get(tagId)).current;
  }

  // ---- counts, failures, config ----

  counts(tagId: string): TagCounts {
    return this.countIndex.get(tagId);
  }

  failures(): Promise<Failure[]> {
    return this.failureFile.read();
  }

  /** Generator only: remembers items that failed after retries, and forgets those that now succeeded. */
  async updateFailures(failed: Failure[], succeeded: Iterable<string>): Promise<void> {
    await withLock(this.layout.lock('failures'), 'a failure record update', () => this.failureFile.update(failed, succeeded));
  }

  /** Replaces the rule thresholds in distill.json (validated). */
  async updateRules(rules: Record<string, unknown>): Promise<void> {
    await withLock(this.layout.lock('config'), 'a config change', async () => {
      const fresh = await readConfig(this.layout.config);
      const next = { ...fresh, rules };
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
