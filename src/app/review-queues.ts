// Queues of candidates waiting for a person: the adjudicator's (reviewers disagree) and a second
// reviewer's (a double-reviewed candidate one other reviewer decided). Tags are picked from the
// counters, so only tags with something waiting are read.
import { isDoubleReviewed } from '../core/double-review.js';
import { NO_REVIEWER, type Vote } from '../core/review-resolution.js';
import type { CandidateStatus } from '../core/types.js';
import type { ProjectStoreApi } from '../store/store-api.js';

export interface QueuedVote {
  reviewer: string;
  status: Vote['status'];
  at: string;
  reason?: string;
}

export interface QueuedCandidate {
  id: string;
  tag: string;
  question: string;
  votes: QueuedVote[];
  /** What applies now: pending for a double-reviewed candidate in dispute, else the latest reviewer's. */
  inEffect: CandidateStatus;
  double: boolean;
}

/** Candidates whose reviewers disagree and that no adjudicator has decided. */
export async function listDisagreements(
  store: ProjectStoreApi,
  tagIds: readonly string[] = store.tags().map((tag) => tag.id),
): Promise<QueuedCandidate[]> {
  const queue: QueuedCandidate[] = [];
  for (const tagId of tagIds) {
    if ((store.reviewSummary(tagId)?.disagreements ?? 0) === 0) continue;
    const [review, questions] = await Promise.all([store.review(tagId), store.questions(tagId)]);
    const texts = new Map(questions.map((question) => [question.id, question.text]));
    for (const [id, candidate] of review.reviews) {
      if (!candidate.disagreement) continue;
      queue.push({
        id,
        tag: store.tagPath(tagId).join(' > '),
        question: texts.get(id.slice(0, id.lastIndexOf('-'))) ?? '',
        votes: candidate.votes.map(queuedVote),
        inEffect: candidate.effective?.status ?? 'pending',
        double: candidate.double,
      });
    }
  }
  return queue;
}

/** Double-reviewed candidates that one other reviewer decided and `reviewer` has not: theirs to decide without seeing it. */
export async function listSecondReviews(store: ProjectStoreApi, reviewer: string): Promise<Omit<QueuedCandidate, 'votes' | 'inEffect'>[]> {
  const share = store.config.review?.doubleShare ?? 0;
  const queue: Omit<QueuedCandidate, 'votes' | 'inEffect'>[] = [];
  if (share <= 0) return queue;
  for (const tag of store.tags()) {
    if ((store.reviewSummary(tag.id)?.awaitingSecond ?? 0) === 0) continue;
    const [review, questions] = await Promise.all([store.review(tag.id), store.questions(tag.id)]);
    for (const question of questions) {
      if (!isDoubleReviewed(question.id, share)) continue;
      for (const [id, candidate] of review.reviews) {
        if (!id.startsWith(`${question.id}-`) || id.slice(question.id.length + 1).includes('-')) continue;
        const reviews = candidate.votes.filter((vote) => !vote.adjudicator);
        if (reviews.length !== 1 || reviews[0]!.reviewer === reviewer || candidate.votes.some((vote) => vote.adjudicator)) continue;
        queue.push({ id, tag: store.tagPath(tag.id).join(' > '), question: question.text, double: true });
      }
    }
  }
  return queue;
}

function queuedVote(vote: Vote): QueuedVote {
  return {
    reviewer: vote.reviewer || NO_REVIEWER,
    status: vote.status,
    at: vote.at,
    ...(vote.reason === undefined ? {} : { reason: vote.reason }),
  };
}
