// Which candidates of a tag a judge run (live or through the Batch bridge) asks about: live and not
// stale, with no judgement for their current text, and passing the cheap rules unless `all`.
import { isStaleCandidate } from '../../core/candidate-identity.js';
import { judgedQuestionHash, judgementHolds } from '../../core/judgement.js';
import type { Candidate, Question } from '../../core/types.js';
import { readJudgements } from '../../store/judgement-store.js';
import type { ProjectStoreApi } from '../../store/store-api.js';

/** What a judge run found to do, for the command's closing line. */
export interface JudgeTally {
  /** Candidates asked for in this run. */
  asked: number;
  /** Judged before, for their current text: not asked again. */
  alreadyJudged: number;
  /** Left out because they fail the cheap rules (judged with --all). */
  failingRules: number;
  /** Left out because their question was edited after they were written, or deleted. */
  stale: number;
}

export interface JudgeItem {
  candidate: Candidate;
  question: Question;
  questionHash: string;
}

export const emptyJudgeTally = (): JudgeTally => ({ asked: 0, alreadyJudged: 0, failingRules: 0, stale: 0 });

/** `passes`: whether a candidate passes the cheap rules (null: judge every one). */
export async function judgeItemsOfTag(
  store: Pick<ProjectStoreApi, 'dir' | 'candidates' | 'questions'>,
  tagId: string,
  passes: ((candidateId: string) => boolean) | null,
  tally: JudgeTally,
): Promise<JudgeItem[]> {
  const candidates = await store.candidates(tagId);
  if (candidates.length === 0) return [];
  const questions = new Map((await store.questions(tagId)).filter((question) => !question.deleted).map((q) => [q.id, q]));
  const stored = await readJudgements(store.dir, tagId);
  const items: JudgeItem[] = [];
  for (const candidate of candidates) {
    const question = questions.get(candidate.questionId);
    if (!question || isStaleCandidate(candidate, question)) {
      tally.stale++;
      continue;
    }
    const questionHash = judgedQuestionHash(question);
    const judged = stored.get(candidate.id);
    if (judged && judgementHolds(judged, candidate, questionHash)) {
      tally.alreadyJudged++;
      continue;
    }
    if (passes && !passes(candidate.id)) {
      tally.failingRules++;
      continue;
    }
    items.push({ candidate, question, questionHash });
  }
  return items;
}
