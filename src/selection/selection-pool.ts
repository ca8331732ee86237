// What `select` draws from: one entry per question, kept in columns. A million candidates are
// reduced tag by tag to their questions' preferred passing candidate, so a project makes no
// array of a million objects (nor one of its questions).

export interface PoolQuestion {
  questionId: string;
  leafTag: string;
  topTag: string;
  /** The checks' preferred passing candidate; null when none passes. */
  best: { id: string; length: number } | null;
  teacherPassRate: number | null;
}

export class SelectionPool {
  /** Questions considered. */
  questions = 0;
  /** Questions with no passing candidate. */
  readonly unqualified: string[] = [];
  // The qualified questions, one index across the columns.
  readonly questionIds: string[] = [];
  readonly candidateIds: string[] = [];
  readonly lengths: number[] = [];
  readonly leafTags: string[] = [];
  readonly topTags: string[] = [];
  /** NaN where the question has no pass rate. */
  readonly teacherRates: number[] = [];

  get size(): number {
    return this.questionIds.length;
  }

  add(question: PoolQuestion): void {
    this.questions++;
    if (!question.best) {
      this.unqualified.push(question.questionId);
      return;
    }
    this.questionIds.push(question.questionId);
    this.candidateIds.push(question.best.id);
    this.lengths.push(question.best.length);
    this.leafTags.push(question.leafTag);
    this.topTags.push(question.topTag);
    this.teacherRates.push(question.teacherPassRate ?? NaN);
  }

  teacherRate(index: number): number | null {
    const rate = this.teacherRates[index]!;
    return Number.isNaN(rate) ? null : rate;
  }
}
