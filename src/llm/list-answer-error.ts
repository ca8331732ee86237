import { DistillError, type DistillErrorOptions } from '../core/distill-error.js';
import type { StructuredOutputMode } from './list-answer-format.js';

/** What was wrong with a list answer: the reason it was asked again. */
export type ListProblemKind = 'empty' | 'no-json' | 'no-list' | 'invalid';

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

/** A server refused the structured output a teacher's setting insists on (400). */
export class StructuredOutputRejectedError extends DistillError {
  constructor(
    readonly mode: StructuredOutputMode,
    serverMessage: string,
    options: Omit<DistillErrorOptions, 'hint'> = {},
  ) {
    super(`the teacher refused response_format ${mode} (400: ${serverMessage})`, {
      ...options,
      hint: `if the server has no structured output, set the teacher's "structuredOutput" to "auto" or "off" in distill.json`,
    });
    this.name = 'StructuredOutputRejectedError';
  }
}
