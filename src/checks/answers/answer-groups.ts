import { compareAnswers, type Verdict } from './answer-equivalence.js';
import type { QuestionContext } from '../features/feature-table.js';

export type AnswerContext = Omit<
  QuestionContext,
  | 'duplicateSimilarity'
  | 'duplicateOf'
  | 'traced'
  | 'answersEditedQuestion'
  | 'benchmarkMatches'
  | 'contaminatedBy'
  | 'benchmarkText'
  | 'judgeScore'
  | 'judgeVerdict'
  | 'judgeRationale'
>;

/**
 * Groups the final answers of one question's candidates by equivalence and says,
 * for each candidate, whether it matches the reference (or could not be compared
 * with it) and how many siblings agree. K is small (a handful of samples), so
 * comparing with each group's first member is cheap.
 */
export function groupAnswers(finalAnswers: readonly string[], reference: string | undefined, question = ''): AnswerContext[] {
  const groupOf = new Int32Array(finalAnswers.length).fill(-1);
  const representatives: string[] = [];
  const sizes: number[] = [];
  finalAnswers.forEach((answer, index) => {
    if (!answer) return;
    let group = representatives.findIndex((other) => other === answer || compareAnswers(other, answer, question).verdict === 'equal');
    if (group < 0) {
      group = representatives.length;
      representatives.push(answer);
      sizes.push(0);
    }
    groupOf[index] = group;
    sizes[group]!++;
  });
  let majorityGroup = -1;
  sizes.forEach((size, group) => {
    if (majorityGroup < 0 || size > sizes[majorityGroup]!) majorityGroup = group;
  });
  const answered = sizes.reduce((sum, size) => sum + size, 0);
  const hasReference = reference !== undefined && reference.trim() !== '';
  // Siblings in one group say the same thing, so one comparison with the reference per group.
  const groupVerdicts = hasReference ? representatives.map((answer) => compareAnswers(reference, answer, question)) : [];
  return finalAnswers.map((answer, index) => {
    const group = groupOf[index]!;
    const comparison = hasReference && group >= 0 ? groupVerdicts[group]! : null;
    return {
      ...referenceColumns(hasReference, comparison?.verdict ?? 'different', comparison?.reason ?? ''),
      agree: group >= 0 ? sizes[group]! : 0,
      majority: majorityGroup >= 0 ? sizes[majorityGroup]! : 0,
      answered,
      majorityAnswer: majorityGroup >= 0 ? representatives[majorityGroup]! : '',
    };
  });
}

/** The reference columns of one candidate: 'unknown' counts as a mismatch, with its reason kept for the flag. */
export function referenceColumns(
  hasReference: boolean,
  verdict: Verdict,
  reason: string,
): Pick<QuestionContext, 'referenceMatch' | 'referenceUndecided' | 'referenceNote'> {
  if (!hasReference) return { referenceMatch: -1, referenceUndecided: 0, referenceNote: '' };
  return {
    referenceMatch: verdict === 'equal' ? 1 : 0,
    referenceUndecided: verdict === 'unknown' ? 1 : 0,
    referenceNote: verdict === 'unknown' ? reason : '',
  };
}
