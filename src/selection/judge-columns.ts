// A candidate's judgement as the checks' columns (rules judge_score and judge_incorrect): only a
// judgement of the candidate's current text counts; anything else reads as "not judged".
import { judgedQuestionHash, judgementHolds, verdictCode, type StoredJudgement } from '../core/judgement.js';
import type { Candidate, Question } from '../core/types.js';

export interface JudgeColumns {
  judgeScore: number;
  judgeVerdict: number;
  judgeRationale: string;
}

const NOT_JUDGED: JudgeColumns = { judgeScore: 0, judgeVerdict: 0, judgeRationale: '' };

/** For the candidates of one question: their columns from the tag's judgements. */
export function judgeColumns(
  question: Question | undefined,
  judgements: ReadonlyMap<string, StoredJudgement> | undefined,
): (candidate: Candidate) => JudgeColumns {
  if (!question || !judgements || judgements.size === 0) return () => NOT_JUDGED;
  const questionHash = judgedQuestionHash(question);
  return (candidate) => {
    const judgement = judgements.get(candidate.id);
    if (!judgement || !judgementHolds(judgement, candidate, questionHash)) return NOT_JUDGED;
    return { judgeScore: judgement.score, judgeVerdict: verdictCode(judgement.verdict), judgeRationale: judgement.rationale };
  };
}
