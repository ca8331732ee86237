// A tag's review state read straight from its files (journal, candidate generations, questions),
// for readers that do not hold the tag's shards: the counters' recount and the export workers.
import { readFileSync } from 'node:fs';
import {
  decisionsInEffect,
  questionIdentity,
  reviewTag,
  type CandidateIdentity,
  type QuestionIdentity,
  type TagReview,
} from '../core/tag-review.js';
import type { Decision } from '../core/types.js';
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

/**
 * The decisions in effect on some of a tag's candidates, read blocking (an export worker reads
 * tag after tag and has nothing else to do meanwhile), weighed as readTagReview weighs them.
 * `keep`: 'accepting' for the candidates some vote accepts (no other can be in effect accepted,
 * so an export of the accepted ones looks at no other), or the ids asked for. The candidates'
 * and questions' identities come from the caller, who has read those files already.
 */
export function readTagDecisionsSync(
  layout: ProjectLayout,
  tagId: string,
  doubleShare: number,
  keep: 'accepting' | ReadonlySet<string>,
  candidate: (id: string) => CandidateIdentity | undefined,
  question: (id: string) => QuestionIdentity | undefined,
): Map<string, Decision> {
  const entries = readLogSync(layout.decisions(tagId), isDecisionEntry).records;
  let kept: ReadonlySet<string>;
  if (keep === 'accepting') {
    const accepting = new Set<string>();
    for (const entry of entries) if (entry.status === 'accepted') accepting.add(entry.id);
    kept = accepting;
  } else kept = keep;
  const journal = new DecisionJournal();
  // Dropping every line of a candidate leaves the others' order, all that weighing their votes looks at.
  for (const entry of entries) if (kept.has(entry.id)) journal.apply(entry);
  return decisionsInEffect({ votes: journal.allVotes(), candidate, question, doubleShare });
}

export function readFileOrEmpty(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}
