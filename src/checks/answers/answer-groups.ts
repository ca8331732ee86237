import { answersEquivalent } from './answer-equivalence.js';
import type { QuestionContext } from '../features/feature-table.js';
import type { SymbolicMath } from './symbolic-math.js';

export type AnswerContext = Omit<QuestionContext, 'duplicateSimilarity' | 'duplicateOf' | 'traced' | 'answersEditedQuestion'>;

/**
 * Groups the final answers of one question's candidates by equivalence and says,
 * for each candidate, whether it matches the reference and how many siblings agree.
 * K is small (a handful of samples), so pairwise comparison with each group's first
 * member is cheap.
 */
export function groupAnswers(finalAnswers: readonly string[], reference: string | undefined, math: SymbolicMath | null): AnswerContext[] {
  const groupOf = new Int32Array(finalAnswers.length).fill(-1);
  const representatives: string[] = [];
  const sizes: number[] = [];
  finalAnswers.forEach((answer, index) => {
    if (!answer) return;
    let group = representatives.findIndex((other) => answersEquivalent(other, answer, math));
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
  return finalAnswers.map((answer, index) => {
    const group = groupOf[index]!;
    return {
      referenceMatch: hasReference ? (answer && answersEquivalent(reference, answer, math) ? 1 : 0) : -1,
      agree: group >= 0 ? sizes[group]! : 0,
      majority: majorityGroup >= 0 ? sizes[majorityGroup]! : 0,
      answered,
      majorityAnswer: majorityGroup >= 0 ? representatives[majorityGroup]! : '',
    };
  });
}
