// A tag's review state read straight from its files (journal, candidate generations, questions),
// for readers that do not hold the tag's shards: the counters' recount and the export workers.
import { reviewTag, type TagReview } from '../core/tag-review.js';
import { readCandidateIdentities } from './candidate-identities.js';
import { DecisionShard } from './decision-shard.js';
import type { ProjectLayout } from './project-layout.js';
import { QuestionShard } from './question-shard.js';

export async function readTagReview(layout: ProjectLayout, tagId: string, doubleShare: number): Promise<TagReview> {
  const journal = new DecisionShard(layout.decisions(tagId));
  const questions = new QuestionShard(layout.questions(tagId));
  const [identities] = await Promise.all([readCandidateIdentities(layout.candidates(tagId)), journal.catchUp(), questions.reload()]);
  return reviewTag({
    votes: journal.journal.allVotes(),
    candidate: (id) => identities.get(id),
    question: (id) => questions.identityOf(id),
    doubleShare,
  });
}
