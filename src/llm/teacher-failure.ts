import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
} from 'openai';
import { MissingApiKeyError } from './api-key.js';
import { BodyCutError } from './body-cut-error.js';
import { MalformedCompletionError } from './completion.js';
import { describeModelError, type ModelErrorContext } from './errors.js';
import { ListAnswerError } from './list-answer-error.js';

/** True for what a teacher request can throw (the SDK's errors and the model layer's own), not a bug or a store error. */
export function isTeacherError(err: unknown): boolean {
  return (
    err instanceof APIError ||
    err instanceof APIConnectionError ||
    err instanceof APIUserAbortError ||
    err instanceof BodyCutError ||
    err instanceof MalformedCompletionError ||
    err instanceof ListAnswerError ||
    err instanceof MissingApiKeyError
  );
}

/**
 * Why the teacher itself cannot take work, so that every other request to it
 * would fail the same way (no key, a refused key, an unknown model, a server
 * that is not there, or one that has answered nothing and let a request time
 * out); null when the error belongs to the one request.
 */
export function teacherFailure(err: unknown, ctx: ModelErrorContext, answeredBefore: boolean): string | null {
  if (err instanceof MissingApiKeyError) return err.message;
  if (err instanceof APIConnectionTimeoutError) {
    return answeredBefore ? null : `${describeModelError(err, ctx)} (it has answered nothing in this run)`;
  }
  if (err instanceof APIConnectionError) return describeModelError(err, ctx);
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError || err instanceof NotFoundError) {
    return describeModelError(err, ctx);
  }
  return null;
}
