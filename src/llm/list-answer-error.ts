import { DistillError } from '../core/distill-error.js';
/** What was wrong with a list answer: the reason it was asked again. */
export type ListProblemKind = 'empty' | 'no-json' | 'no-list' | 'invalid' | 'too-few';

export interface ListProblem {
  kind: ListProblemKind;
  /** One line, shown to the teacher in the corrective message and to the user in the final error. */
  detail: string;
}

/** The teacher gave no usable list within the allowed attempts. */
export class ListAnswerError extends DistillError {
  constructor(
    readonly problem: ListProblem,
    readonly attempts: number,
    readonly lastAnswer: string,
  ) {
    super(`the teacher gave no usable list after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${problem.detail}`);
    this.name = 'ListAnswerError';
  }
}
