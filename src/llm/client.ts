import OpenAI, { APIUserAbortError } from 'openai';
import { BodyDeadline } from './body-deadline.js';
import { MalformedCompletionError, parseChatCompletion, type ChatMessage, type Completion } from './completion.js';
import type { ResponseFormat } from './list-answer-format.js';
import { StreamAccumulator } from './stream-accumulator.js';

export { SAMPLE_HEADER } from './sample-header.js';

export interface TeacherClientOptions {
  /** OpenAI-compatible base URL, e.g. `https://api.deepseek.com/v1` or `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  /** From resolveApiKey(); never logged. */
  apiKey: string;
  /** Per attempt until the headers arrive; then the longest pause allowed while the body arrives. */
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
  /** Structured output (`response_format`), for list requests; absent asks for plain text. */
  responseFormat?: ResponseFormat;
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
      options.stream ? completeStreamed(openai, request, options.timeoutMs) : completeAtOnce(openai, request, options.timeoutMs),
    listModels: async (signal) => {
      const ids: string[] = [];
      for await (const model of openai.models.list({ signal })) ids.push(model.id);
      return ids;
    },
  };
}

/** The JSON body of a chat completion request: the live client and batch files build it here alike. */
export function chatRequestBody(request: Pick<CompletionRequest, 'model' | 'messages' | 'maxTokens' | 'temperature' | 'responseFormat'>) {
  return {
    model: request.model,
    messages: request.messages,
    ...(request.maxTokens != null ? { max_tokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.responseFormat !== undefined ? { response_format: request.responseFormat } : {}),
  };
}

async function completeAtOnce(openai: OpenAI, request: CompletionRequest, timeoutMs: number): Promise<Completion> {
  const started = performance.now();
  const deadline = new BodyDeadline(timeoutMs, request.signal);
  try {
    const response = await openai.chat.completions
      .create({ ...chatRequestBody(request), stream: false }, { headers: request.headers, signal: deadline.signal })
      .asResponse();
    deadline.arm();
    const text = await response.text();
    return parseChatCompletion(parseJson(text), Math.round(performance.now() - started));
  } catch (err) {
    throw deadline.explain(err);
  } finally {
    deadline.disarm();
  }
}

async function completeStreamed(openai: OpenAI, request: CompletionRequest, timeoutMs: number): Promise<Completion> {
  const started = performance.now();
  const deadline = new BodyDeadline(timeoutMs, request.signal);
  try {
    const stream = await openai.chat.completions.create(
      { ...chatRequestBody(request), stream: true, stream_options: { include_usage: true } },
      { headers: request.headers, signal: deadline.signal },
    );
    const accumulator = new StreamAccumulator();
    deadline.arm();
    for await (const chunk of stream) {
      deadline.arm();
      accumulator.add(chunk);
    }
    // The SDK ends the iteration quietly when the signal aborts; a cut-short stream is no answer.
    if (deadline.signal.aborted) throw new APIUserAbortError();
    return accumulator.result(Math.round(performance.now() - started));
  } catch (err) {
    throw deadline.explain(err);
  } finally {
    deadline.disarm();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedCompletionError(`not JSON: ${text.slice(0, 80)}`);
  }
}
