import OpenAI, { APIUserAbortError, BadRequestError } from 'openai';
import { BodyCutError } from './body-cut-error.js';
import { createTeacherFetch } from './http-fetch.js';
import { MalformedCompletionError, parseChatCompletion, type ChatMessage, type Completion } from './completion.js';
import type { ResponseFormat } from './list-answer-format.js';
import { RequestDeadline } from './request-deadline.js';
import { salvageCompletion } from './salvage-completion.js';
import { SIZE_LIMIT_FINISH, StreamAccumulator } from './stream-accumulator.js';

export { SAMPLE_HEADER } from './sample-header.js';

export interface TeacherClientOptions {
  /** OpenAI-compatible base URL, e.g. `https://api.deepseek.com/v1` or `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  /** From resolveApiKey(); never logged. */
  apiKey: string;
  /** Per attempt until the response headers arrive (the SDK's timeout). */
  timeoutMs: number;
  /** Longest pause while a body arrives; default `timeoutMs`. */
  idleMs?: number;
  /** The whole request, retries included; default: no limit beyond the others. */
  totalMs?: number;
  /** Retries of the SDK (429 honouring retry-after, 408/409/5xx, connection errors), and of bodies cut mid-way. */
  maxRetries: number;
  stream: boolean;
  /** Reasoning plus answer beyond this is not read: the answer is kept cut, with finish reason `size_limit`. */
  maxAnswerChars?: number;
  /** Requests in flight at once (the keep-alive sockets to keep); default 64. */
  sockets?: number;
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
  /** Token log-probabilities to ask for (topK 1..20); absent or 0: none. */
  logprobs?: LogprobsRequest;
}

export interface LogprobsRequest {
  topK: number;
  /** vLLM's `return_tokens_as_token_ids`: tokens come as `token_id:N` with their bytes. */
  tokenIds?: boolean;
}

export interface TeacherClient {
  readonly baseUrl: string;
  complete(request: CompletionRequest): Promise<Completion>;
  /** Model ids the server serves (GET /models). */
  listModels(signal?: AbortSignal): Promise<string[]>;
  /** Closes its idle connections (a run's end); requests still out finish. */
  close?(): void;
}

/** A JSON body bigger than this many bytes per allowed character cannot be read whole (escapes and a trace count too). */
const BYTES_PER_CHAR = 6;
const BODY_OVERHEAD_BYTES = 64 * 1024;
/** A 400 that names the token-ids parameter (e.g. OpenAI's "Unrecognized request argument supplied: return_tokens_as_token_ids"). */
const TOKEN_IDS_PARAMETER = /return_tokens_as_token_ids|token[ _]ids/i;

export function createTeacherClient(options: TeacherClientOptions): TeacherClient {
  // One SDK client and one set of keep-alive sockets per teacher, for the whole run.
  const http = createTeacherFetch({ sockets: options.sockets ?? 64 });
  const openai = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey,
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    fetch: http.fetch,
  });
  // Set when the server answered 400 to a request for logprobs: later requests go without.
  let logprobsRefused: string | null = null;
  // Set when it answered 400 to return_tokens_as_token_ids (only vLLM knows it): later requests keep logprobs, without ids.
  let tokenIdsRefused = false;
  const completeOnce = async (request: CompletionRequest): Promise<Completion> => {
    if (!request.logprobs?.topK) return complete(openai, request, options);
    if (logprobsRefused !== null)
      return withoutLogprobs(await complete(openai, { ...request, logprobs: undefined }, options), logprobsRefused);
    const asked = request.logprobs.tokenIds && tokenIdsRefused ? { ...request, logprobs: { topK: request.logprobs.topK } } : request;
    try {
      return await complete(openai, asked, options);
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      if (asked.logprobs?.tokenIds && TOKEN_IDS_PARAMETER.test(error.message)) {
        tokenIdsRefused = true;
        return completeOnce(request);
      }
      if (!/logprob/i.test(error.message)) throw error;
      logprobsRefused = `the server refused log-probabilities (${error.message.slice(0, 160)})`;
      return withoutLogprobs(await complete(openai, { ...request, logprobs: undefined }, options), logprobsRefused);
    }
  };
  return {
    baseUrl: options.baseUrl,
    complete: completeOnce,
    listModels: async (signal) => {
      const ids: string[] = [];
      for await (const model of openai.models.list({ signal })) ids.push(model.id);
      return ids;
    },
    close: () => http.close(),
  };
}

/** The JSON body of a chat completion request: the live client and batch files build it here alike. */
export function chatRequestBody(
  request: Pick<CompletionRequest, 'model' | 'messages' | 'maxTokens' | 'temperature' | 'responseFormat' | 'logprobs'>,
) {
  const topK = request.logprobs?.topK ?? 0;
  return {
    model: request.model,
    messages: request.messages,
    ...(request.maxTokens != null ? { max_tokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.responseFormat !== undefined ? { response_format: request.responseFormat } : {}),
    ...(topK > 0 ? { logprobs: true, top_logprobs: topK } : {}),
    ...(topK > 0 && request.logprobs?.tokenIds ? { return_tokens_as_token_ids: true } : {}),
  };
}

function withoutLogprobs(completion: Completion, reason: string): Completion {
  return { ...completion, softLabels: { kind: 'unsupported', reason } };
}

async function complete(openai: OpenAI, request: CompletionRequest, options: TeacherClientOptions): Promise<Completion> {
  const started = performance.now();
  const deadline = new RequestDeadline({ totalMs: options.totalMs ?? 0, idleMs: options.idleMs ?? options.timeoutMs }, request.signal);
  const attempt = options.stream ? completeStreamed : completeAtOnce;
  try {
    for (let retry = 0; ; retry++) {
      try {
        // The SDK may be asleep before a retry when the deadline passes: stop waiting for it then.
        return await Promise.race([attempt(openai, request, options, deadline, started), deadline.expired]);
      } catch (err) {
        if (!(err instanceof BodyCutError) || retry >= options.maxRetries || deadline.signal.aborted) throw err;
        deadline.pause();
        await sleep(Math.min(8_000, 500 * 2 ** retry), deadline.signal);
      }
    }
  } catch (err) {
    throw deadline.explain(err);
  } finally {
    deadline.dispose();
  }
}

async function completeAtOnce(
  openai: OpenAI,
  request: CompletionRequest,
  options: TeacherClientOptions,
  deadline: RequestDeadline,
  started: number,
): Promise<Completion> {
  const response = await openai.chat.completions
    .create({ ...chatRequestBody(request), stream: false }, { headers: request.headers, signal: deadline.signal })
    .asResponse();
  deadline.touch();
  const maxBytes = options.maxAnswerChars ? options.maxAnswerChars * BYTES_PER_CHAR + BODY_OVERHEAD_BYTES : Number.POSITIVE_INFINITY;
  const body = await readBody(response, maxBytes, deadline);
  const latencyMs = Math.round(performance.now() - started);
  if (body.cut) return salvageCompletion(body.text, options.maxAnswerChars!, latencyMs);
  const completion = parseChatCompletion(parseJson(body.text), latencyMs, request.logprobs?.topK ?? 0);
  return options.maxAnswerChars ? capCompletion(completion, options.maxAnswerChars) : completion;
}

async function completeStreamed(
  openai: OpenAI,
  request: CompletionRequest,
  options: TeacherClientOptions,
  deadline: RequestDeadline,
  started: number,
): Promise<Completion> {
  const stream = await openai.chat.completions.create(
    { ...chatRequestBody(request), stream: true, stream_options: { include_usage: true } },
    { headers: request.headers, signal: deadline.signal },
  );
  const accumulator = new StreamAccumulator(options.maxAnswerChars, request.logprobs?.topK ?? 0);
  deadline.touch();
  let full = false;
  try {
    for await (const chunk of stream) {
      deadline.touch();
      // Leaving the loop closes the stream: a huge answer is never read past its limit.
      if (!accumulator.add(chunk)) {
        full = true;
        break;
      }
    }
  } catch (err) {
    if (deadline.signal.aborted) throw err;
    throw new BodyCutError(err);
  }
  // The SDK ends the iteration quietly when the signal aborts; a cut-short stream is no answer.
  if (deadline.signal.aborted && !full) throw new APIUserAbortError();
  return accumulator.result(Math.round(performance.now() - started));
}

/** The body as text, or its first `maxBytes` when it is longer (the rest is not read). */
async function readBody(response: Response, maxBytes: number, deadline: RequestDeadline): Promise<{ text: string; cut: boolean }> {
  if (!response.body) return { text: '', cut: false };
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  // The bytes are decoded once, at the end: a body comes in a few socket chunks.
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: new TextDecoder().decode(Buffer.concat(chunks, bytes)), cut: false };
      deadline.touch();
      bytes += value.byteLength;
      chunks.push(value);
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => undefined);
        // A character cut in two at the end is dropped, not replaced.
        return { text: new TextDecoder().decode(Buffer.concat(chunks, bytes), { stream: true }), cut: true };
      }
    }
  } catch (err) {
    if (deadline.signal.aborted) throw err;
    throw new BodyCutError(err);
  }
}

/** A body that fit in bytes may still hold more characters than allowed. */
function capCompletion(completion: Completion, maxChars: number): Completion {
  if (completion.reasoning.length + completion.answer.length <= maxChars) return completion;
  const reasoning = completion.reasoning.slice(0, maxChars);
  const answer = completion.answer.slice(0, Math.max(0, maxChars - reasoning.length));
  const cut = { ...completion, reasoning, answer, finishReason: SIZE_LIMIT_FINISH };
  return completion.softLabels ? { ...cut, softLabels: { kind: 'dropped', reason: 'the answer was cut at the size limit' } } : cut;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedCompletionError(`not JSON: ${text.slice(0, 80)}`);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
