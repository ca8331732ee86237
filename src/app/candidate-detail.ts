// One candidate whole, for `distill show ID`: the question it answers, what the teacher wrote,
// the checks' verdict with each flag's detail, the decision in effect and every journal line.
import { loadVerdicts, projectRules } from '../checks/project/check-project.js';
import type { Flag } from '../checks/rules/rules.js';
import { isStaleCandidate } from '../core/candidate-identity.js';
import { DistillError, UsageError } from '../core/distill-error.js';
import { parseItemId } from '../core/ids.js';
import type { Candidate, CandidateStatus, Decision, DecisionEntry, Question } from '../core/types.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import { judgedQuestionHash, judgementHolds, type StoredJudgement } from '../core/judgement.js';
import { readJudgements } from '../store/judgement-store.js';

export interface CandidateDetail {
  id: string;
  tag: string;
  question: Pick<Question, 'id' | 'text' | 'reference' | 'difficulty' | 'origin' | 'editedAt'>;
  candidate: Pick<Candidate, 'sample' | 'teacher' | 'model' | 'reasoning' | 'answer' | 'finishReason' | 'refusal' | 'usage' | 'createdAt'>;
  /** The question was edited after this answer was written (rule `stale`). */
  stale: boolean;
  verdict: 'pass' | 'fail' | null;
  /** The best passing candidate of its question (what `accept --passing` takes first). */
  preferred: boolean;
  flags: Flag[];
  status: CandidateStatus;
  decision: Decision | null;
  /** Every journal line on the candidate, oldest first, set-aside and undo lines included. */
  history: DecisionEntry[];
  /** The LLM judge's judgement of this text (distill judge); null when it has none. */
  judgement: Pick<StoredJudgement, 'score' | 'verdict' | 'rationale' | 'teacher' | 'model' | 'at'> | null;
}

export async function candidateDetail(store: ProjectStoreApi, id: string): Promise<CandidateDetail> {
  const parsed = parseItemId(id);
  if (!parsed || parsed.sample === undefined) {
    throw new UsageError(`${id} is not a candidate id (they look like t1a2b3c-4-0; distill list shows them)`);
  }
  const notFound = () => new DistillError(`no candidate ${id} in this project (distill list shows the ids)`);
  if (!store.tag(parsed.tagId)) throw notFound();
  const candidate = (await store.candidates(parsed.tagId)).find((each) => each.id === id);
  if (!candidate) throw notFound();
  const question = (await store.questions(parsed.tagId)).find((each) => each.id === candidate.questionId);
  const verdict = (await loadVerdicts(store, parsed.tagId, projectRules(store))).get(id);
  const decision = (await store.decisions(parsed.tagId)).get(id) ?? null;
  return {
    id,
    tag: store.tagPath(parsed.tagId).join(' > '),
    question: {
      id: candidate.questionId,
      text: question?.text ?? '',
      ...(question?.reference ? { reference: question.reference } : {}),
      ...(question?.difficulty ? { difficulty: question.difficulty } : {}),
      origin: question?.origin ?? 'generated',
      ...(question?.editedAt ? { editedAt: question.editedAt } : {}),
    },
    candidate: {
      sample: candidate.sample,
      teacher: candidate.teacher ?? 'default',
      model: candidate.model,
      reasoning: candidate.reasoning,
      answer: candidate.answer,
      finishReason: candidate.finishReason,
      ...(candidate.refusal ? { refusal: candidate.refusal } : {}),
      usage: candidate.usage,
      createdAt: candidate.createdAt,
    },
    stale: question ? isStaleCandidate(candidate, question) : false,
    verdict: verdict?.verdict ?? null,
    preferred: verdict?.preferred ?? false,
    flags: verdict?.flags ?? [],
    status: decision?.status ?? 'pending',
    decision,
    history: await store.decisionHistory(id),
    judgement: question ? await currentJudgement(store, candidate, question) : null,
  };
}

async function currentJudgement(store: ProjectStoreApi, candidate: Candidate, question: Question): Promise<CandidateDetail['judgement']> {
  const judged = (await readJudgements(store.dir, candidate.tagId)).get(candidate.id);
  if (!judged || !judgementHolds(judged, candidate, judgedQuestionHash(question))) return null;
  const { score, verdict, rationale, teacher, model, at } = judged;
  return { score, verdict, rationale, teacher, model, at };
}
