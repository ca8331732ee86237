// Per-tag data the screen shows, loaded from the store (and the checks) when a tag is opened
// and kept until it changes on disk. Reads are synchronous for rendering; loads are async.
import type { Candidate, CandidateStatus, Decision, DecisionEntry, Question } from '../../core/types.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { CandidateCheck, ReviewChecks } from '../review-services.js';

export interface TagSnapshot {
  tagId: string;
  questions: Question[];
  /** Candidates per question id, by sample. */
  candidatesByQuestion: Map<string, Candidate[]>;
  candidateById: Map<string, Candidate>;
  decisions: Map<string, Decision>;
  /** null when no checks are available or they failed (the reason is in `checkError`). */
  checks: ReadonlyMap<string, CandidateCheck> | null;
  checkError?: string;
  /** Bumped when decisions are applied to this snapshot in place, so derived lists know to recompute. */
  stamp?: number;
}

/** Upper bound on snapshots kept; older ones are dropped and reloaded if visited again. */
const KEPT_SNAPSHOTS = 64;

export class ReviewData {
  private readonly snapshots = new Map<string, TagSnapshot>();
  private readonly loading = new Map<string, Promise<TagSnapshot>>();
  /** Tags whose last load failed, with the reason: not retried on every repaint, only when asked again. */
  private readonly failures = new Map<string, string>();
  /** Bumped whenever any snapshot changes, so derived lists know to recompute. */
  version = 0;
  /** Flagged counts of tags not loaded yet, from the checks' last full run. */
  private summaryFlagged: ReadonlyMap<string, number> = new Map();

  constructor(
    readonly store: ProjectStoreApi,
    readonly checks?: ReviewChecks,
  ) {}

  get(tagId: string): TagSnapshot | undefined {
    return this.snapshots.get(tagId);
  }

  flaggedFromSummary(tagId: string): number | undefined {
    return this.summaryFlagged.get(tagId);
  }

  setSummaryFlagged(counts: ReadonlyMap<string, number>): void {
    this.summaryFlagged = counts;
    this.version++;
  }

  load(tagId: string): Promise<TagSnapshot> {
    const existing = this.snapshots.get(tagId);
    if (existing) return Promise.resolve(existing);
    const inFlight = this.loading.get(tagId);
    if (inFlight) return inFlight;
    const promise = this.read(tagId)
      .catch((error: unknown) => {
        this.failures.set(tagId, error instanceof Error ? error.message : String(error));
        this.version++;
        throw error;
      })
      .finally(() => this.loading.delete(tagId));
    this.loading.set(tagId, promise);
    return promise;
  }

  /** Re-reads a tag (after another process or the generator wrote to it). */
  async reload(tagId: string): Promise<TagSnapshot> {
    this.snapshots.delete(tagId);
    this.failures.delete(tagId);
    await this.loading.get(tagId)?.catch(() => undefined);
    return this.load(tagId);
  }

  /** Forgets a tag; the next visit reads it again. */
  forget(tagId: string): void {
    this.failures.delete(tagId);
    if (this.snapshots.delete(tagId)) this.version++;
  }

  forgetAll(): void {
    this.snapshots.clear();
    this.failures.clear();
    this.version++;
  }

  /** Why the tag could not be read, if its last load failed. */
  failure(tagId: string): string | undefined {
    return this.failures.get(tagId);
  }

  isLoaded(tagId: string): boolean {
    return this.snapshots.has(tagId);
  }

  loadedTagIds(): string[] {
    return [...this.snapshots.keys()];
  }

  private async read(tagId: string): Promise<TagSnapshot> {
    this.failures.delete(tagId);
    const [questions, candidates, decisions] = await Promise.all([
      this.store.questions(tagId),
      this.store.candidates(tagId),
      this.store.decisions(tagId),
    ]);
    const snapshot: TagSnapshot = {
      tagId,
      questions: questions.filter((question) => !question.deleted),
      candidatesByQuestion: groupByQuestion(candidates),
      candidateById: new Map(candidates.map((candidate) => [candidate.id, candidate])),
      // A copy: the store's map is its own state, and the screen changes ours ahead of the write.
      decisions: new Map(decisions),
      checks: null,
    };
    if (this.checks && candidates.length > 0) {
      try {
        snapshot.checks = await this.checks.checkTag(tagId);
      } catch (error) {
        snapshot.checkError = error instanceof Error ? error.message : String(error);
      }
    }
    this.snapshots.set(tagId, snapshot);
    if (this.snapshots.size > KEPT_SNAPSHOTS) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined && oldest !== tagId) this.snapshots.delete(oldest);
    }
    this.version++;
    return snapshot;
  }

  /** Applies decisions to the loaded snapshots (the store has them on disk already, or soon). */
  applyDecisions(entries: readonly DecisionEntry[], tagOf: (candidateId: string) => string | undefined): void {
    for (const entry of entries) {
      const tagId = tagOf(entry.id);
      const snapshot = tagId ? this.snapshots.get(tagId) : undefined;
      if (!snapshot) continue;
      snapshot.stamp = (snapshot.stamp ?? 0) + 1;
      if (entry.status === 'pending') snapshot.decisions.delete(entry.id);
      else {
        snapshot.decisions.set(entry.id, {
          status: entry.status,
          ...(entry.reason ? { reason: entry.reason } : {}),
          at: entry.at,
          ...(entry.reviewer ? { reviewer: entry.reviewer } : {}),
        });
      }
    }
    this.version++;
  }
}

export function statusOf(snapshot: TagSnapshot, candidateId: string): CandidateStatus {
  return snapshot.decisions.get(candidateId)?.status ?? 'pending';
}

function groupByQuestion(candidates: readonly Candidate[]): Map<string, Candidate[]> {
  const byQuestion = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const list = byQuestion.get(candidate.questionId);
    if (list) list.push(candidate);
    else byQuestion.set(candidate.questionId, [candidate]);
  }
  for (const list of byQuestion.values()) list.sort((a, b) => a.sample - b.sample);
  return byQuestion;
}
