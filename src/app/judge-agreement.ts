// How often the LLM judge and the reviewers agree (issue 11), for `stats` and the stats view:
// over the decided candidates the judge has judged (their current text), the judge "keeps" one
// it scores at least judgeScore.minScore without calling its final answer incorrect (neither of
// its rules fires), and the reviewer's decision in effect accepts or rejects it.
import { addPair, cohensKappa, emptyTable } from '../core/agreement.js';
import { judgedQuestionHash, judgementHolds } from '../core/judgement.js';
import { projectRules } from '../checks/project/check-project.js';
import { judgedTagIds, judgementStamp, readJudgements } from '../store/judgement-store.js';
import type { ProjectStoreApi } from '../store/store-api.js';

export interface JudgeAgreement {
  /** Candidates with a judgement of their current text. */
  judged: number;
  meanScore: number | null;
  verdicts: { correct: number; incorrect: number; cannot_tell: number };
  /** Judged candidates a reviewer decided: the pairs compared. */
  decided: number;
  /** [judge keeps × reviewer accepted, keeps × rejected, drops × accepted, drops × rejected]. */
  table: { keptAccepted: number; keptRejected: number; droppedAccepted: number; droppedRejected: number };
  /** Share of `decided` where the two agree; null with none. */
  rate: number | null;
  /** Cohen's κ of the same table (null when undefined). */
  kappa: number | null;
}

/** Null when nothing in the project was ever judged (no judge shard), so stats stay as they were. */
export async function judgeAgreement(store: ProjectStoreApi): Promise<JudgeAgreement | null> {
  const { minScore } = projectRules(store).judgeScore;
  const table = emptyTable();
  const verdicts = { correct: 0, incorrect: 0, cannot_tell: 0 };
  let judged = 0;
  let scores = 0;
  let any = false;
  // Only tags with a judge shard are read: stats of a project never judged cost one directory listing.
  const judgedTags = await judgedTagIds(store.dir);
  for (const tag of store.tags()) {
    if (!judgedTags.has(tag.id) || (await judgementStamp(store.dir, tag.id)) === '') continue;
    any = true;
    const judgements = await readJudgements(store.dir, tag.id);
    const questions = new Map((await store.questions(tag.id)).filter((q) => !q.deleted).map((q) => [q.id, judgedQuestionHash(q)]));
    const decisions = await store.decisions(tag.id);
    for (const candidate of await store.candidates(tag.id)) {
      const judgement = judgements.get(candidate.id);
      const questionHash = questions.get(candidate.questionId);
      if (!judgement || questionHash === undefined || !judgementHolds(judgement, candidate, questionHash)) continue;
      judged++;
      scores += judgement.score;
      verdicts[judgement.verdict]++;
      const status = decisions.get(candidate.id)?.status;
      if (status !== 'accepted' && status !== 'rejected') continue;
      const keeps = judgement.score >= minScore && judgement.verdict !== 'incorrect';
      addPair(table, keeps ? 'accepted' : 'rejected', status);
    }
  }
  if (!any) return null;
  const agreement = cohensKappa(table);
  const [keptAccepted, keptRejected, droppedAccepted, droppedRejected] = table;
  return {
    judged,
    meanScore: judged > 0 ? Math.round((scores / judged) * 100) / 100 : null,
    verdicts,
    decided: agreement.pairs,
    table: { keptAccepted, keptRejected, droppedAccepted, droppedRejected },
    rate: agreement.observed,
    kappa: agreement.kappa,
  };
}

/** The stats lines: "judge  66 judged, mean score 6.9 (…); agrees with the reviewers on 20 of 26 (77%, κ 0.52)". */
export function formatJudgeAgreement(judge: JudgeAgreement): string[] {
  const { verdicts } = judge;
  const mean = judge.meanScore === null ? '' : `, mean score ${judge.meanScore.toFixed(1)}`;
  const lines = [
    `judge       ${judge.judged} judged${mean} (${verdicts.correct} correct, ${verdicts.incorrect} incorrect, ${verdicts.cannot_tell} cannot tell)`,
  ];
  if (judge.decided > 0) {
    const agreed = judge.table.keptAccepted + judge.table.droppedRejected;
    const kappa = judge.kappa === null ? 'κ n/a' : `κ ${judge.kappa.toFixed(2)}`;
    lines.push(
      `            agrees with the reviewers on ${agreed} of ${judge.decided} decided (${Math.round((judge.rate ?? 0) * 100)}%, ${kappa}); ` +
        `it would drop ${judge.table.droppedAccepted} they accepted and keep ${judge.table.keptRejected} they rejected`,
    );
  }
  return lines;
}
