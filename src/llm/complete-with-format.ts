import { BadRequestError } from 'openai';
import { sanitizeLine } from '../core/sanitize-text.js';
import type { CompletionRequest, TeacherClient } from './client.js';
import type { Completion } from './completion.js';
import { StructuredOutputRejectedError } from './list-answer-error.js';
import { fallbackMode, type ResponseFormat, type StructuredOutputMode, type StructuredOutputSetting } from './list-answer-format.js';

/**
 * Sends a request asking for structured output in `mode`. A server that rejects it (400) is asked
 * again one mode lower when the setting is `auto` (json_schema → json_object → off), the caller told
 * through `onFallback`; under an explicit setting the rejection is a StructuredOutputRejectedError.
 * The list stages and the judge share this, so both fall back and word the server's reply alike.
 */
export async function completeWithFormat(
  client: TeacherClient,
  request: Omit<CompletionRequest, 'responseFormat'>,
  setting: StructuredOutputSetting,
  mode: StructuredOutputMode,
  formatFor: (mode: StructuredOutputMode) => ResponseFormat | undefined,
  onFallback?: (from: StructuredOutputMode, to: StructuredOutputMode, serverMessage: string) => void,
): Promise<{ completion: Completion; mode: StructuredOutputMode }> {
  for (;;) {
    try {
      const responseFormat = formatFor(mode);
      const completion = await client.complete({ ...request, ...(responseFormat ? { responseFormat } : {}) });
      return { completion, mode };
    } catch (error) {
      if (!(error instanceof BadRequestError) || mode === 'off') throw error;
      const message = serverMessageOf(error);
      const next = setting === 'auto' ? fallbackMode(mode) : null;
      if (next === null) throw new StructuredOutputRejectedError(mode, message, { cause: error });
      onFallback?.(mode, next, message);
      mode = next;
    }
  }
}

/** The server's words, made safe for a terminal line and kept short. */
function serverMessageOf(error: BadRequestError): string {
  const body: unknown = error.error;
  const said =
    typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' ? body.message : error.message;
  const text = sanitizeLine(said).trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text || 'no message';
}
