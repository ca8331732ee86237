// The line formats of the OpenAI Batch API (also read and written by vLLM's run-batch).

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

/** One line of a results (or errors) file. */
export interface BatchResultLine {
  id?: string;
  custom_id: string;
  response: { status_code: number; request_id?: string; body: unknown } | null;
  error: { code?: string | null; message?: string | null } | null;
}

export function isBatchResultLine(value: unknown): value is BatchResultLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return typeof line.custom_id === 'string';
}
