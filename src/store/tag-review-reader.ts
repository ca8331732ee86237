// A tag's review state read straight from its files (journal, candidate generations, questions),
// for readers that do not hold the tag's shards: the counters' recount and the export workers.
import { readFileSync } from 'node:fs';
import { questionIdentity, reviewTag, type QuestionIdentity, type TagReview } from '../core/tag-review.js';
import { identitiesOf, readCandidateIdentities } from './candidate-identities.js';
import { DecisionJournal } from './decision-journal.js';
import { readLogSync } from './jsonl-log.js';
import { isDecisionEntry } from './record-guards.js';
import { DecisionShard } from './decision-shard.js';
import type { ProjectLayout } from './project-layout.js';
import { QuestionShard, readQuestionsSync } from './question-shard.js';

/** `loaded`: the tag's candidate file bytes and its loaded question shard, when the caller has read them already (the export does). */
export async function readTagReview(
  layout: ProjectLayout,
  tagId: string,
  doubleShare: number,
  loaded?: { candidates: Buffer; questions: QuestionShard },
): Promise<TagReview> {
  const journal = new DecisionShard(layout.decisions(tagId));
  const questions = loaded?.questions ?? new QuestionShard(layout.questions(tagId));
  const [identities] = await Promise.all([
    loaded ? identitiesOf(layout.candidates(tagId), loaded.candidates) : readCandidateIdentities(layout.candidates(tagId)),
    journal.catchUp(),
    loaded ? undefined : questions.reload(),
  ]);
  return reviewTag({
    votes: journal.journal.allVotes(),
    candidate: (id) => identities.get(id),
    question: (id) => questions.identityOf(id),
    doubleShare,
  });
}

/** readTagReview, blocking: the cold count of every tag reads thousands of small files (see readLogSync). */
export function readTagReviewSync(layout: ProjectLayout, tagId: string, doubleShare: number): TagReview {
  const identities = identitiesOf(layout.candidates(tagId), readFileOrEmpty(layout.candidates(tagId)));
  const journal = new DecisionJournal();
  for (const entry of readLogSync(layout.decisions(tagId), isDecisionEntry).records) journal.apply(entry);
  const questions = new Map<string, QuestionIdentity>();
  for (const question of readQuestionsSync(layout.questions(tagId))) questions.set(question.id, questionIdentity(question));
  return reviewTag({
    votes: journal.allVotes(),
    candidate: (id) => identities.get(id),
    question: (id) => questions.get(id),
    doubleShare,
  });
}

function readFileOrEmpty(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}
