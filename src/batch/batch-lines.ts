// The line formats of the OpenAI Batch API, also read and written by vLLM's run-batch.

export const BATCH_ENDPOINT = '/v1/chat/completions';

/** A chat-completion request body, exactly as the live client sends it. */
export type ChatCompletionBody = Record<string, unknown> & { model: string; messages: unknown[] };

/** One line of an input file. */
export interface BatchRequestLine {
  custom_id: string;
  method: 'POST';
  url: typeof BATCH_ENDPOINT;
  body: ChatCompletionBody;
}

/**
 * One line of a results (or errors) file. OpenAI: `error` is null or `{code, message}`, and a
 * failed request may instead have a non-200 `response` whose body is `{error: {message, …}}`.
 * vLLM's run-batch: `error` is a string (a request it could not run) or its ErrorResponse,
 * `{error: {message, type, code}}` (older versions: `{object: "error", message, type, code}`),
 * beside a `response` with the status code and no body.
 */
export interface BatchResultLine {
  id?: string;
  custom_id: string;
  response?: { status_code?: number; request_id?: string; body?: unknown } | null;
  error?: unknown;
}

export type BatchLineKind = 'result' | 'request' | 'other';

/** What a parsed line is: a result, a request (an input file given by mistake), or neither. */
export function batchLineKind(value: unknown): BatchLineKind {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'other';
  const line = value as Record<string, unknown>;
  if (typeof line.custom_id !== 'string') return 'other';
  if ('response' in line || 'error' in line) return 'result';
  if ('body' in line && ('url' in line || 'method' in line)) return 'request';
  return 'other';
}
