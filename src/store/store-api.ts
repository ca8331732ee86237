import type { CandidateProfile } from '../core/candidate-profile.js';
import type { TagReview, TagReviewSummary } from '../core/tag-review.js';
import type { TagTree } from '../core/tag-tree.js';
import type { StoreError } from './store-error.js';
import type {
  Candidate,
  CandidateStatus,
  Decision,
  DecisionEntry,
  Failure,
  ProjectConfig,
  Question,
  ReviewSettings,
  Tag,
} from '../core/types.js';
import type { LaterDecision, UndoStep } from './decision-history.js';

export type { LaterDecision, UndoStep };

/** Counts of one tag's own items (not its subtree); the tree view sums subtrees itself. */
export interface TagCounts {
  questions: number;
  candidates: number;
  accepted: number;
  rejected: number;
}

export interface NewQuestion {
  text: string;
  difficulty?: Question['difficulty'];
  reference?: string;
}

export interface DecisionInput {
  id: string;
  status: CandidateStatus;
  reason?: string;
}

export interface OpenOptions {
  /** Who decisions made through this store are recorded as; default the login name. */
  reviewer?: string;
}

export interface DecideOptions {
  /** Record as someone other than the store's reviewer. */
  reviewer?: string;
  /** An adjudicator's decision: final, whatever the reviewers said. */
  adjudicate?: boolean;
}

export interface UndoOutcome {
  /** The lines written: each candidate back to the reviewer's own previous decision. */
  undone: DecisionEntry[];
  /** Candidates of the step left alone: the reviewer decided them again since, or undid them already. */
  skipped: string[];
  /** Decisions by other reviewers made since on the same candidates; they stand. */
  othersSince: LaterDecision[];
}

/** What `refresh()` found changed on disk since the last look (written by another process). */
export interface StoreChanges {
  tags: boolean;
  /** Tag ids whose questions, candidates or decisions changed. */
  tagIds: string[];
}

/**
 * Opaque stamps of a tag's stored questions and candidates: a stamp changes
 * whenever that data changes, in this process or another. Derived caches (the
 * checks' features) compare them instead of reading the data again.
 */
export interface TagVersions {
  questions: string;
  candidates: string;
}

/** An exclusive lock held until released (the generation lock). */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * A distill project on disk. Opening reads only the config, the tag tree and small
 * cached summaries; questions, candidates and decisions of a tag load when asked for.
 * Every mutating method is durable when its promise resolves.
 */
export interface ProjectStoreApi {
  readonly dir: string;
  readonly config: ProjectConfig;
  /** Where derived data lives (safe to delete); the checker keeps its caches under it. */
  readonly cacheDir: string;
  /** Non-fatal problems found while reading (a torn last line set aside, …), for the UI to show. */
  readonly warnings: readonly string[];
  /** Shards found corrupt while counting (each error names its file); they count as empty until fixed. */
  readonly unreadable: readonly StoreError[];

  // Tags (data/tags.json)
  /** The live tree as it stands (for walks that need depth, leaves, descendants). */
  readonly tree: TagTree;
  /** Live tags (not deleted), in creation order. */
  tags(): Tag[];
  tag(id: string): Tag | undefined;
  /** Live children of a tag, or the top-level tags for null. */
  children(parentId: string | null): Tag[];
  isLeaf(id: string): boolean;
  /** Names from the top-level tag down (the topic not included). */
  tagPath(id: string): string[];
  /** The full path given to models: the topic first. */
  promptPath(id: string | null): string[];
  /** Resolves a user-typed path; a leading topic name is allowed. */
  findTag(path: string[]): Tag | undefined;
  addTags(parentId: string | null, names: string[], origin: Tag['origin']): Promise<Tag[]>;
  renameTag(id: string, name: string): Promise<void>;
  /** Tombstones the tag and its subtree; their data stays on disk. */
  deleteTag(id: string): Promise<void>;
  restoreTag(id: string): Promise<void>;

  // Questions (data/questions/<tagId>.json)
  questions(tagId: string): Promise<Question[]>;
  addQuestions(tagId: string, items: NewQuestion[], origin: Question['origin']): Promise<Question[]>;
  editQuestion(id: string, text: string): Promise<void>;

  // Candidates (data/candidates/<tagId>.jsonl)
  /**
   * `keep: false`: a tag read once in a pass over the project (a full check) is not kept among
   * the shards in memory, unless it already is.
   */
  candidates(tagId: string, options?: { keep?: boolean }): Promise<Candidate[]>;
  /** Candidates of one question (loads the question's tag). */
  candidatesOf(questionId: string): Promise<Candidate[]>;
  /** Appends; callers are the generator (one per project at a time, see generation lock). */
  appendCandidates(candidates: Candidate[]): Promise<void>;
  /** The same in two steps: written (safe from a kill -9) when it resolves; durable and counted when `saved` does. */
  writeCandidates(candidates: Candidate[]): Promise<{ saved: Promise<void> }>;

  /** Candidates whose question was edited after they were written (rule `stale`). */
  staleCandidates(tagId: string): Promise<Set<string>>;

  // Decisions (data/decisions/<tagId>.jsonl), one journal line per reviewer's decision
  /** Who this store records decisions as. */
  readonly reviewer: string;
  decide(inputs: DecisionInput[], options?: DecideOptions): Promise<DecisionEntry[]>;
  /** The decision in effect for every decided candidate of a tag (reviewers, adjudicator, identity and edits weighed). */
  decisions(tagId: string): Promise<Map<string, Decision>>;
  /** Every reviewer's vote per decided candidate, and the decisions set aside (candidate gone or changed, question edited); kept current by the store, so read it rather than keep it. */
  review(tagId: string): Promise<TagReview>;
  /** Every journal line on one candidate, oldest first (for `show`: who decided what, when). */
  decisionHistory(candidateId: string): Promise<DecisionEntry[]>;
  /** A tag's review totals from the counters, without reading its shards. */
  reviewSummary(tagId: string): TagReviewSummary | undefined;
  /** A reviewer's latest decision steps from the journals, newest first (undo history that survives a restart). */
  undoHistory(reviewer?: string, limit?: number): Promise<UndoStep[]>;
  /** Reverts a reviewer's own step; never another reviewer's decision (those made since are reported). */
  undo(step: Pick<UndoStep, 'at' | 'entries'>, reviewer?: string): Promise<UndoOutcome>;

  // Counters for the tree, kept current without reading every shard.
  counts(tagId: string): TagCounts;
  /** Reasoning lengths and languages of a tag's candidates (the stats view), kept with the counters; reads the shard only when they cannot say. */
  candidateProfile(tagId: string): Promise<CandidateProfile>;
  /** Stamps of the tag's questions and candidates as stored now (cheap: no shard is read). */
  versions(tagId: string): Promise<TagVersions>;

  // Failures of the last generation runs (data/failures.json)
  failures(): Promise<Failure[]>;
  /** Generator only: remembers items that failed after retries, and forgets those that now succeeded. */
  updateFailures(failed: Failure[], succeeded: Iterable<string>): Promise<void>;

  // Config (distill.json)
  /** Replaces the rule thresholds (validated); `config` shows them at once. */
  updateRules(rules: Record<string, unknown>): Promise<void>;
  /** Changes the config as read fresh under its lock (teachers, the generation target); validated before it is written. */
  updateConfig(change: (fresh: ProjectConfig) => ProjectConfig): Promise<void>;
  /** Replaces the review settings (double-review share); the counters follow at once. */
  updateReviewSettings(review: ReviewSettings): Promise<void>;

  /**
   * Held for a whole generation run, so that two generators never produce the
   * same missing items twice. Fails at once (a DistillError) when another run holds it.
   */
  acquireGenerationLock(purpose: string): Promise<HeldLock>;

  /** Looks for changes made by other processes; cheap enough to call every second. */
  refresh(): Promise<StoreChanges>;
  /** Finishes pending writes of derived data and releases open files; call before the process exits. */
  close(): Promise<void>;
}
