import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { collapseToOneLine } from '../core/sanitize-text.js';
import { DEFAULT_API_KEY_ENV, MissingApiKeyError } from './api-key.js';
import { BodyCutError } from './body-cut-error.js';
import { TeacherTimeoutError } from './teacher-timeout-error.js';
import { MalformedCompletionError } from './completion.js';
import { ListAnswerError } from './list-answer-error.js';

export interface ModelErrorContext {
  baseUrl: string;
  model?: string;
  apiKeyEnv?: string;
  /** The per-attempt limit until the headers (the SDK's timeout). */
  timeoutMs?: number;
  maxRetries?: number;
}

/** One line a user can act on. Server-sent text is cleaned of control characters and shortened. */
export function describeModelError(err: unknown, ctx: ModelErrorContext): string {
  const url = ctx.baseUrl;
  const afterRetries = ctx.maxRetries ? ` after ${ctx.maxRetries} ${ctx.maxRetries === 1 ? 'retry' : 'retries'}` : '';
  if (err instanceof MissingApiKeyError || err instanceof ListAnswerError) return err.message;
  if (err instanceof MalformedCompletionError) return `${err.message} (from ${url})`;
  if (err instanceof APIUserAbortError) return 'cancelled';
  if (err instanceof TeacherTimeoutError) {
    const limit = formatSeconds(err.limitMs);
    if (err.phase === 'idle') {
      return `the teacher at ${url} stopped sending for ${limit} in the middle of its answer; raise timeouts.idleMs in distill.json if it is just slow`;
    }
    return `the teacher at ${url} did not ${err.answering ? 'finish its answer' : 'answer'} within ${limit}; raise --timeout (or timeoutMs in distill.json) or lower --concurrency`;
  }
  if (err instanceof BodyCutError) {
    return `the teacher at ${url} cut the connection in the middle of its answer${afterRetries}: ${rootCause(err)}`;
  }
  if (err instanceof APIConnectionTimeoutError) {
    const limit = ctx.timeoutMs ? ` within ${formatSeconds(ctx.timeoutMs)}` : ' in time';
    return `the teacher at ${url} did not answer${limit}${afterRetries}; raise --timeout (or timeoutMs in distill.json) or lower --concurrency`;
  }
  if (err instanceof APIConnectionError) {
    return `cannot reach the teacher at ${url}: ${rootCause(err)}; is the server running? check --base-url`;
  }
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) {
    const envName = ctx.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
    return `the teacher at ${url} refused the API key (${err.status}): check ${envName} (or the variable named by --api-key-env)`;
  }
  if (err instanceof NotFoundError) {
    const model = ctx.model ? `model "${ctx.model}"` : 'the model';
    return `${model} not found at ${url} (404): check --model, and that the base URL ends in its API path (often /v1)`;
  }
  if (err instanceof RateLimitError) {
    return `the teacher at ${url} is still rate-limiting (429)${afterRetries}; lower --concurrency or try again later`;
  }
  if (err instanceof BadRequestError) {
    return `the teacher at ${url} rejected the request (400): ${serverMessage(err)}`;
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    const which = err.status >= 500 ? 'failed' : 'answered';
    return `the teacher at ${url} ${which} with ${err.status}${afterRetries}: ${serverMessage(err)}`;
  }
  return clean(err instanceof Error ? err.message : String(err));
}

/**
 * True when the error belongs to one item and the run should record it as that
 * item's failure and go on (a later run retries it). False when every other
 * request would fail the same way, so the run should stop: no key, a refused
 * key, an unknown model, an unreachable server, a cancel.
 */
export function isRetryableLater(err: unknown): boolean {
  if (err instanceof MissingApiKeyError || err instanceof APIUserAbortError) return false;
  if (err instanceof BodyCutError) return true;
  if (err instanceof APIConnectionTimeoutError) return true;
  if (err instanceof APIConnectionError) return false;
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) return false;
  if (err instanceof NotFoundError) return false;
  return true;
}

/** The server's own message: the `message` of its JSON error body, else the SDK's. */
function serverMessage(err: { readonly error?: unknown; readonly message: string }): string {
  const body = err.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' ? body.message : err.message;
  return clean(text) || 'no message';
}

function rootCause(err: Error): string {
  let current: unknown = err;
  // undici wraps the socket error: TypeError('fetch failed', { cause: Error('connect ECONNREFUSED …') }).
  for (let depth = 0; depth < 8; depth++) {
    const cause = (current as { cause?: unknown }).cause;
    if (!(cause instanceof Error)) break;
    current = cause;
  }
  return clean(current instanceof Error ? current.message : String(current)) || 'connection failed';
}

function clean(text: string): string {
  return collapseToOneLine(text, 200);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
