// How a student's answer is graded: with the project's answer equivalence (the checks'), against
// the question's reference or, without one, the answer most of the teacher's candidates agree on
// (two at least, as the teacher pass rate counts it). Where neither decides, the sample is not
// graded: it counts toward the samples asked, not toward the pass rate.
import { compareAnswers } from '../checks/answers/answer-equivalence.js';
import { groupAnswers } from '../checks/answers/answer-groups.js';
import { extractFinalAnswer } from '../checks/answers/extract/final-answer.js';
import { isStaleCandidate } from '../core/candidate-identity.js';
import type { Candidate, Question } from '../core/types.js';

export type GradingBasis = {
  against: 'reference' | 'majority';
  value: string;
} | null;

export interface Grade {
  /** The student's final answer ('' when none could be read). */
  answer: string;
  correct: boolean | null;
  against: 'reference' | 'majority' | null;
}

/** What a question's student answers are compared with. */
export function gradingBasis(question: Question, candidates: readonly Candidate[]): GradingBasis {
  if (question.reference !== undefined && question.reference.trim() !== '') return { against: 'reference', value: question.reference };
  const answers = candidates
    .filter((candidate) => !isStaleCandidate(candidate, question))
    .map((candidate) => extractFinalAnswer(candidate.answer, question.text).text);
  const [first] = groupAnswers(answers, undefined, question.text).filter((context) => context.majority >= 2);
  return first ? { against: 'majority', value: first.majorityAnswer } : null;
}

export function gradeAnswer(basis: GradingBasis, studentAnswer: string, question: string): Grade {
  const answer = extractFinalAnswer(studentAnswer, question).text;
  if (basis === null) return { answer, correct: null, against: null };
  if (answer.trim() === '') return { answer, correct: false, against: basis.against };
  const { verdict } = compareAnswers(basis.value, answer, question);
  return {
    answer,
    correct: verdict === 'unknown' ? null : verdict === 'equal',
    against: basis.against,
  };
}
