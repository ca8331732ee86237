// Per-tag data the screen shows, loaded from the store (and the checks) when a tag is opened
// and kept until it changes on disk. Reads are synchronous for rendering; loads are async.
import type { Candidate, CandidateStatus, Decision, DecisionEntry, Question } from '../../core/types.js';
import type { ProjectStoreApi } from '../../store/store-api.js';
import type { CandidateCheck, ReviewChecks } from '../review-services.js';
import { type TeamMark, teamView } from './team-marks.js';
import { monotonicMicros, traceSpan, traced } from '../key-timing-trace.js';

export interface TagSnapshot {
  tagId: string;
  questions: Question[];
  /** Candidates per question id, by sample. */
  candidatesByQuestion: Map<string, Candidate[]>;
  candidateById: Map<string, Candidate>;
  decisions: Map<string, Decision>;
  /** Blind second reviews and disagreements (double review), by candidate id. */
  teamMarks?: Map<string, TeamMark>;
  /** Candidates whose question was edited since they were written. */
  stale?: Set<string>;
  /** null when no checks are available or they failed (the reason is in `checkError`). */
  checks: ReadonlyMap<string, CandidateCheck> | null;
  checkError?: string;
  /** Bumped when decisions are applied to this snapshot in place, so derived lists know to recompute. */
  stamp?: number;
  /**
   * How far the tag has been read: its questions only, then its candidates and decisions, then
   * the checks' verdicts. The screen shows each stage as it comes; everything else (the queue,
   * bulk actions, stats) sees a snapshot only once it is complete.
   */
  stage?: 'questions' | 'candidates' | 'complete';
}

/** Upper bound on snapshots kept; older ones are dropped and reloaded if visited again. */
const KEPT_SNAPSHOTS = 64;
/**
 * How long the screen's read of a selected tag waits, its questions shown, before it reads the
 * candidates (tens of milliseconds of parsing at 1,000 candidates): a reviewer holding j passes
 * tags by without paying for each, so the keys are never held up behind a read.
 */
export const SETTLE_MS = 60;

export class ReviewData {
  private readonly snapshots = new Map<string, TagSnapshot>();
  private readonly loading = new Map<string, Promise<TagSnapshot | undefined>>();
  /** Tags whose last load failed, with the reason: not retried on every repaint, only when asked again. */
  private readonly failures = new Map<string, string>();
  /** Bumped whenever any snapshot changes, so derived lists know to recompute. */
  version = 0;
  /** Flagged counts of tags not loaded yet, from the checks' last full run. */
  private summaryFlagged: ReadonlyMap<string, number> = new Map();
  /**
   * Flagged candidates of each tag whose verdicts were read, kept after its snapshot is dropped
   * (until the tag changes on disk): the tree's counts do not go back to "unknown" on eviction.
   */
  private readonly flaggedOfRead = new Map<string, number>();
  /** Bumped when the flagged counts of any number of tags may have changed (the summary, everything forgotten). */
  flagVersion = 0;
  /** Tags whose flagged count changed one at a time since the tree's counts last looked (takeFlaggedChanges). */
  private readonly flaggedChanges = new Set<string>();
  /** Called when a stage of a tag's read arrives, so the screen can show it before the rest. */
  onStage: (() => void) | null = null;
  /** Waiting for the next stage of some read to arrive (readCandidates). */
  private readonly stageWaiters = new Set<() => void>();

  constructor(
    readonly store: ProjectStoreApi,
    readonly checks?: ReviewChecks,
  ) {}

  /** The tag's snapshot once it is completely read (verdicts included). */
  get(tagId: string): TagSnapshot | undefined {
    const snapshot = this.snapshots.get(tagId);
    return snapshot && (snapshot.stage ?? 'complete') === 'complete' ? snapshot : undefined;
  }

  /** What the screen can show of the tag so far: complete, or only its questions, or no verdicts yet. */
  partial(tagId: string): TagSnapshot | undefined {
    return this.snapshots.get(tagId);
  }

  flaggedFromSummary(tagId: string): number | undefined {
    return this.summaryFlagged.get(tagId);
  }

  /** Flagged candidates of the tag: from its verdicts once read, else the last full check's summary. */
  flagged(tagId: string): number | undefined {
    return this.flaggedOfRead.get(tagId) ?? this.summaryFlagged.get(tagId);
  }

  /** The tags whose own flagged count changed since the last call. */
  takeFlaggedChanges(): string[] {
    const changed = [...this.flaggedChanges];
    this.flaggedChanges.clear();
    return changed;
  }

  setSummaryFlagged(counts: ReadonlyMap<string, number>): void {
    this.summaryFlagged = counts;
    this.flagVersion++;
    this.version++;
  }

  /** Reads the whole tag (questions, candidates, decisions, verdicts). */
  async load(tagId: string): Promise<TagSnapshot> {
    // A read the screen began may stop early (the reviewer moved on): wait for it, then go on to the end.
    for (;;) {
      const done = this.get(tagId);
      if (done) return done;
      const inFlight = this.loading.get(tagId);
      if (!inFlight) break;
      await inFlight;
    }
    return (await this.startRead(tagId, () => true)) as TagSnapshot;
  }

  /**
   * The tag read as far as its candidates and decisions (its verdicts may still be on the way):
   * what a walk needs for any filter that does not look at verdicts. Undefined when the tag
   * was dropped from the cache before it could be used.
   */
  async readCandidates(tagId: string): Promise<TagSnapshot | undefined> {
    const farEnough = () => {
      const stage = this.snapshots.get(tagId)?.stage ?? 'complete';
      return this.snapshots.has(tagId) && stage !== 'questions';
    };
    for (;;) {
      if (farEnough()) return this.snapshots.get(tagId);
      const inFlight = this.loading.get(tagId);
      if (!inFlight) break;
      // A read under way (the screen's, to the end): only as far as its candidates.
      await Promise.race([inFlight, new Promise<void>((resolve) => this.stageWaiters.add(resolve))]);
    }
    await this.startRead(tagId, () => !farEnough());
    return this.snapshots.get(tagId);
  }

  /**
   * The screen's read of the selected tag: each stage is shown as it arrives, and the read stops
   * between stages once the tag is no longer `wanted` (a reviewer going down the tree with j
   * does not pay for every tag passed over); a later visit goes on from where it stopped.
   */
  async open(tagId: string, wanted: () => boolean): Promise<void> {
    if (this.get(tagId)) return;
    await (this.loading.get(tagId) ?? this.startRead(tagId, wanted, SETTLE_MS));
  }

  private startRead(tagId: string, wanted: () => boolean, settleMs = 0): Promise<TagSnapshot | undefined> {
    const promise = this.read(tagId, wanted, settleMs)
      .catch((error: unknown) => {
        this.failures.set(tagId, error instanceof Error ? error.message : String(error));
        this.snapshots.delete(tagId);
        this.version++;
        throw error;
      })
      .finally(() => {
        if (this.loading.get(tagId) === promise) this.loading.delete(tagId);
      });
    this.loading.set(tagId, promise);
    return promise;
  }

  /**
   * Reads the tag's questions ahead of a visit (a neighbour of the selection), quietly: nothing on
   * screen shows them yet, so nothing is repainted; the visit then goes on from its candidates.
   */
  async prefetchQuestions(tagId: string): Promise<void> {
    if (this.snapshots.has(tagId) || this.loading.has(tagId)) return;
    const started = monotonicMicros();
    const promise = this.store.questions(tagId).then((questions) => {
      traceSpan('read ahead questions (async)', started);
      if (this.snapshots.has(tagId)) return undefined;
      const snapshot = questionsSnapshot(tagId, questions);
      this.remember(snapshot);
      return undefined;
    });
    this.loading.set(tagId, promise);
    try {
      await promise;
    } finally {
      if (this.loading.get(tagId) === promise) this.loading.delete(tagId);
    }
  }

  /** Whether a read of the tag is under way. */
  isLoading(tagId: string): boolean {
    return this.loading.has(tagId);
  }

  /** Re-reads a tag (after another process or the generator wrote to it). */
  async reload(tagId: string): Promise<TagSnapshot> {
    await this.loading.get(tagId)?.catch(() => undefined);
    this.drop(tagId);
    this.failures.delete(tagId);
    return this.load(tagId);
  }

  /** Forgets a tag; the next visit reads it again. */
  forget(tagId: string): void {
    this.failures.delete(tagId);
    if (this.drop(tagId)) this.version++;
  }

  forgetAll(): void {
    this.snapshots.clear();
    this.failures.clear();
    this.flaggedOfRead.clear();
    this.flagVersion++;
    this.version++;
  }

  private drop(tagId: string): boolean {
    if (this.flaggedOfRead.delete(tagId)) this.flaggedChanges.add(tagId);
    return this.snapshots.delete(tagId);
  }

  /** Why the tag could not be read, if its last load failed. */
  failure(tagId: string): string | undefined {
    return this.failures.get(tagId);
  }

  /**
   * Whether the screen holds anything read from the tag (a snapshot, complete or not, or its
   * flagged count): what must be read again when the tag changes on disk.
   */
  isLoaded(tagId: string): boolean {
    return this.snapshots.has(tagId) || this.flaggedOfRead.has(tagId);
  }

  /** Whether the tag is read to the end (verdicts included). */
  isComplete(tagId: string): boolean {
    return this.get(tagId) !== undefined;
  }

  /** Reads what is missing of the tag, stage by stage; undefined when it stopped because the tag is no longer wanted. */
  private async read(tagId: string, wanted: () => boolean, settleMs: number): Promise<TagSnapshot | undefined> {
    this.failures.delete(tagId);
    let snapshot = this.snapshots.get(tagId);
    // A read that goes on to the candidates at once (a walk with ], a whole load) reads them beside
    // the questions rather than after: the next tag's files are read in parallel, not one by one.
    const early = !snapshot && settleMs === 0 ? this.readCandidatesAndReview(tagId) : null;
    if (!snapshot) {
      const started = monotonicMicros();
      const questions = await this.store.questions(tagId);
      traceSpan('read questions (async)', started);
      snapshot = questionsSnapshot(tagId, questions);
      this.keep(snapshot);
      if (!wanted()) return undefined;
    }
    if (snapshot.stage === 'questions') {
      if (settleMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, settleMs));
        if (!wanted()) return undefined;
      }
      const started = monotonicMicros();
      const [candidates, review] = await (early ?? this.readCandidatesAndReview(tagId));
      traceSpan('read candidates (async)', started);
      const grouped = monotonicMicros();
      snapshot.candidatesByQuestion = groupByQuestion(candidates);
      snapshot.candidateById = new Map(candidates.map((candidate) => [candidate.id, candidate]));
      // A copy (teamView's): the store's map is its own state, and the screen changes ours ahead of the write.
      const team = teamView(review, candidates, snapshot.questions, this.store.reviewer);
      snapshot.decisions = team.decisions;
      snapshot.teamMarks = team.teamMarks;
      snapshot.stale = team.stale;
      snapshot.stage = 'candidates';
      traceSpan('group candidates', grouped);
      traced('stage candidates', () => this.staged());
      if (!wanted()) return undefined;
    }
    if (snapshot.stage === 'candidates') {
      if (this.checks && snapshot.candidateById.size > 0) {
        try {
          const started = monotonicMicros();
          snapshot.checks = await this.checks.checkTag(tagId);
          traceSpan('read verdicts (async)', started);
        } catch (error) {
          snapshot.checkError = error instanceof Error ? error.message : String(error);
        }
      }
      snapshot.stage = 'complete';
      snapshot.stamp = (snapshot.stamp ?? 0) + 1;
      if (snapshot.checks) {
        let flagged = 0;
        for (const check of snapshot.checks.values()) if (check.flags.length > 0) flagged++;
        if (this.flaggedOfRead.get(tagId) !== flagged || this.summaryFlagged.get(tagId) !== flagged) this.flaggedChanges.add(tagId);
        this.flaggedOfRead.set(tagId, flagged);
      }
      this.staged();
    }
    return snapshot;
  }

  private readCandidatesAndReview(tagId: string) {
    const both = Promise.all([this.store.candidates(tagId), this.store.review(tagId)]);
    // Awaited only if the read goes on that far; a failure is then reported there.
    both.catch(() => undefined);
    return both;
  }

  private keep(snapshot: TagSnapshot): void {
    this.remember(snapshot);
    this.staged();
  }

  /** Keeps a snapshot, dropping the oldest beyond KEPT_SNAPSHOTS. */
  private remember(snapshot: TagSnapshot): void {
    this.snapshots.set(snapshot.tagId, snapshot);
    if (this.snapshots.size > KEPT_SNAPSHOTS) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined && oldest !== snapshot.tagId) this.snapshots.delete(oldest);
    }
  }

  private staged(): void {
    this.version++;
    this.onStage?.();
    const waiters = [...this.stageWaiters];
    this.stageWaiters.clear();
    for (const resolve of waiters) resolve();
  }

  /** Applies decisions to the loaded snapshots (the store has them on disk already, or soon). */
  applyDecisions(entries: readonly DecisionEntry[], tagOf: (candidateId: string) => string | undefined): void {
    for (const entry of entries) {
      const tagId = tagOf(entry.id);
      const snapshot = tagId ? this.snapshots.get(tagId) : undefined;
      if (!snapshot) continue;
      snapshot.stamp = (snapshot.stamp ?? 0) + 1;
      // This reviewer has given the second opinion now: the item is no longer waiting for it.
      if (snapshot.teamMarks?.get(entry.id) === 'second') snapshot.teamMarks.delete(entry.id);
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

/** A tag's snapshot with its questions read and nothing else yet (candidates, decisions and checks follow). */
function questionsSnapshot(tagId: string, questions: readonly Question[]): TagSnapshot {
  return {
    tagId,
    questions: questions.filter((question) => !question.deleted),
    candidatesByQuestion: new Map(),
    candidateById: new Map(),
    decisions: new Map(),
    checks: null,
    stage: 'questions',
  };
}
