import OpenAI, { APIConnectionTimeoutError } from 'openai';
import { parseChatCompletion, type ChatMessage, type Completion } from './completion.js';
import { StreamAccumulator } from './stream-accumulator.js';

export { SAMPLE_HEADER } from './sample-header.js';

export interface TeacherClientOptions {
  /** OpenAI-compatible base URL, e.g. `https://api.deepseek.com/v1` or `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  /** From resolveApiKey(); never logged. */
  apiKey: string;
  /** Per attempt; for streams also the longest pause allowed between two chunks. */
  timeoutMs: number;
  /** Retries of the SDK (429 honouring retry-after, 408/409/5xx, connection errors). */
  maxRetries: number;
  stream: boolean;
}

export interface CompletionRequest {
  model: string;
  messages: ChatMessage[];
  /** null or absent lets the server decide. */
  maxTokens?: number | null;
  temperature?: number;
  /** Extra request headers, e.g. `{ [SAMPLE_HEADER]: '2' }`. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface TeacherClient {
  readonly baseUrl: string;
  complete(request: CompletionRequest): Promise<Completion>;
  /** Model ids the server serves (GET /models). */
  listModels(signal?: AbortSignal): Promise<string[]>;
}

export function createTeacherClient(options: TeacherClientOptions): TeacherClient {
  const openai = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
  return {
    baseUrl: options.baseUrl,
    complete: (request) =>
      options.stream ? completeStreamed(openai, request, options.timeoutMs) : completeAtOnce(openai, request),
    listModels: async (signal) => {
      const ids: string[] = [];
      for await (const model of openai.models.list({ signal })) ids.push(model.id);
      return ids;
    },
  };
}

function requestBody(request: CompletionRequest) {
  return {
    model: request.model,
    messages: request.messages,
    ...(request.maxTokens != null ? { max_tokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
  };
}

async function completeAtOnce(openai: OpenAI, request: CompletionRequest): Promise<Completion> {
  const started = performance.now();
  const body = await openai.chat.completions.create(
    { ...requestBody(request), stream: false },
    { headers: request.headers, signal: request.signal },
  );
  return parseChatCompletion(body, Math.round(performance.now() - started));
}

async function completeStreamed(openai: OpenAI, request: CompletionRequest, idleMs: number): Promise<Completion> {
  const started = performance.now();
  // The SDK's timeout ends when the headers arrive; a stream that stalls after
  // that would hang forever, so a pause longer than the timeout aborts it too.
  const idle = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, idle.signal]) : idle.signal;
  const stream = await openai.chat.completions.create(
    { ...requestBody(request), stream: true, stream_options: { include_usage: true } },
    { headers: request.headers, signal },
  );
  const accumulator = new StreamAccumulator();
  let timer = setTimeout(() => idle.abort(), idleMs);
  try {
    for await (const chunk of stream) {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(), idleMs);
      accumulator.add(chunk);
    }
  } catch (err) {
    if (idle.signal.aborted && !request.signal?.aborted) {
      throw new APIConnectionTimeoutError({ message: `the stream stalled for more than ${idleMs} ms` });
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return accumulator.result(Math.round(performance.now() - started));
}
