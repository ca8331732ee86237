import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseItemId, questionId } from '../../core/ids.js';
import { TagTree } from '../../core/tag-tree.js';
import type { Candidate, Decision, DecisionEntry, Failure, ProjectConfig, Question, Tag } from '../../core/types.js';
import { validateConfig } from '../config-file.js';
import { mergeFailures } from '../failure-merge.js';
import type { DecisionInput, HeldLock, NewQuestion, ProjectStoreApi, StoreChanges, TagCounts } from '../store-api.js';
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
  private readonly decisionsOf = new Map<string, Map<string, Decision>>();
  private failureList: Failure[] = [];
  private generationHeld = false;

  constructor(
    public config: ProjectConfig,
    options: { dir?: string; cacheDir?: string } = {},
  ) {
    this.dir = options.dir ?? '(memory)';
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
        list.map((each) => (each.id === id ? { ...each, text: text.trim(), editedAt } : each)),
      );
    });
  }

  candidates(tagId: string): Promise<Candidate[]> {
    return settle(() => this.candidatesOfTag.get(tagId) ?? []);
  }
  candidatesOf(id: string): Promise<Candidate[]> {
    return settle(() => (this.candidatesOfTag.get(parseItemId(id)?.tagId ?? '') ?? []).filter((candidate) => candidate.questionId === id));
  }

  /** A candidate id already present keeps its first text, as in the shard files. */
  appendCandidates(candidates: Candidate[]): Promise<void> {
    return settle(() => {
      for (const candidate of candidates) {
        const list = this.candidatesOfTag.get(candidate.tagId) ?? [];
        if (!list.some((each) => each.id === candidate.id)) this.candidatesOfTag.set(candidate.tagId, [...list, candidate]);
      }
    });
  }

  decide(inputs: DecisionInput[]): Promise<DecisionEntry[]> {
    return settle(() => {
      const at = new Date().toISOString();
      const known = (id: string) => this.candidatesOfTag.get(parseItemId(id)?.tagId ?? '')?.some((each) => each.id === id);
      const unknown = inputs.find((input) => !known(input.id));
      if (unknown) throw new StoreError(`no candidate ${unknown.id} in this project`);
      return inputs.map(({ id, status, reason }): DecisionEntry => {
        const tagId = parseItemId(id)!.tagId;
        const decisions = this.decisionsOf.get(tagId) ?? new Map<string, Decision>();
        this.decisionsOf.set(tagId, decisions);
        if (status === 'pending') decisions.delete(id);
        else decisions.set(id, { status, at, ...(reason ? { reason } : {}) });
        return { id, status, at, ...(reason ? { reason } : {}) };
      });
    });
  }
  decisions(tagId: string): Promise<Map<string, Decision>> {
    return settle(() => new Map(this.decisionsOf.get(tagId)));
  }

  counts(tagId: string): TagCounts {
    const decided = [...(this.decisionsOf.get(tagId)?.values() ?? [])];
    return {
      questions: (this.questionsOf.get(tagId) ?? []).filter((question) => !question.deleted).length,
      candidates: this.candidatesOfTag.get(tagId)?.length ?? 0,
      accepted: decided.filter((decision) => decision.status === 'accepted').length,
      rejected: decided.filter((decision) => decision.status === 'rejected').length,
    };
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
