import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_HEADER } from '../llm/sample-header.js';
import { completionJson, errorBody, estimateTokens, streamChunks, type ReasoningMode } from './completion-body.js';
import type { OfflineLogprobsAsk } from './token-logprobs.js';
import { FaultPlan, type FaultRule } from './faults.js';
import { FixtureContent } from './fixture-content.js';
import { loadDefaultFixtures, type FixtureSet } from './fixtures.js';
import { attemptOf, recognizeRequest, type RecognizedRequest, type RequestKind } from './recognize-request.js';
import { personaOf, shapeReply, type Persona } from './personas.js';
import { hugeBody, replyFault, sendBody } from './send-body.js';
import { refusalOf, stylesOfModel, type ListStyle, type RequestedFormat } from './list-styles.js';
import { buildReply } from './teacher-reply.js';

export const OFFLINE_MODEL = 'offline-teacher';
const MAX_BODY_BYTES = 20 * 1024 * 1024;

export interface OfflineTeacherOptions {
  /** Default: every fixtures/demo-*.json of the package. */
  fixtures?: FixtureSet[];
  /** Added before every chat completion. */
  latencyMs?: number;
  /** 'field' sends `reasoning_content`; 'think-tag' puts a `<think>` block in the content. Default 'field'. */
  reasoningMode?: ReasoningMode;
  faults?: FaultRule[];
  /** Default 0: a free port. */
  port?: number;
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (to test refused keys). */
  apiKey?: string;
  /** How every list is written (list-styles.ts); a model name `NAME+style+…` and a list-style fault add more. */
  listStyles?: ListStyle[];
}

export interface RequestLogEntry {
  kind: RequestKind | 'models' | 'other';
  /** `tags:<path>`, `questions:<path>`, `answer:<question>#<sample>`: equal for repeats of one request. */
  key: string;
  /** The status sent; 0 while pending, for a dropped connection or one left hanging. */
  status: number;
  /** Date.now() when the request arrived. */
  time: number;
  stream: boolean;
  /** 1 for a first request, 2+ for a re-ask after a bad list answer. */
  attempt: number;
  /** The fault applied, if any. */
  fault?: string;
  /** Bytes of the body written before it ended (or the client stopped reading). */
  bytesSent?: number;
  /** The whole body was handed to the connection: the client has been sent the answer (the kill -9 test counts these). */
  sentWhole?: boolean;
  /** The structured output asked for (`response_format.type`), when one was. */
  format?: 'json_schema' | 'json_object';
}

export interface OfflineTeacher {
  /** Base URL ending in /v1. */
  url: string;
  requests: RequestLogEntry[];
  setFaults(rules: FaultRule[]): void;
  close(): Promise<void>;
}

/** A loopback OpenAI-compatible server that replays fixtures (and synthesises the rest). */
export async function startOfflineTeacher(options: OfflineTeacherOptions = {}): Promise<OfflineTeacher> {
  const content = new FixtureContent(options.fixtures ?? (await loadDefaultFixtures()));
  const mode = options.reasoningMode ?? 'field';
  const requests: RequestLogEntry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sampleCycles = new Map<string, number>();
  const personaPlans = new Map<string, FaultPlan>();
  const personaFaults = (model: string, persona: Persona): FaultPlan => {
    let plan = personaPlans.get(model);
    if (!plan) personaPlans.set(model, (plan = new FaultPlan(persona.faults ?? [])));
    return plan;
  };
  let faults = new FaultPlan(options.faults ?? []);
  let closed = false;
  let completionCount = 0;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const timer = setTimeout(() => (timers.delete(timer), resolve()), ms);
      timers.add(timer);
    });

  async function handleChat(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): Promise<void> {
    const body = parseBody(await readBody(req));
    if (!body) return send(res, entry, 400, errorBody(400, 'the body must be a JSON object with a messages array'));
    const request = recognizeRequest(body.messages);
    const sample = sampleOf(req, request, sampleCycles);
    Object.assign(entry, { kind: request.kind, key: keyOf(request, sample), stream: body.stream, attempt: attemptOf(body.messages) });
    const persona = personaOf(body.model);
    const own = personaFaults(body.model, persona).pick(request.kind, entry.key);
    const picked = faults.pick(request.kind, entry.key);
    const action = picked.action ?? own.action;
    if (action) entry.fault = action.type;
    if (body.format) entry.format = body.format;
    const styles = new Set<ListStyle>([
      ...(options.listStyles ?? []),
      ...stylesOfModel(body.model),
      ...(action?.type === 'list-style' ? action.styles : []),
    ]);
    await wait((options.latencyMs ?? 0) + (persona.latencyMs ?? 0) + picked.delayMs + own.delayMs);
    if (closed || res.destroyed) return;
    const refusal = refusalOf(body.format, styles);
    if (refusal) return send(res, entry, 400, errorBody(400, refusal));
    if (action?.type === 'hang') return;
    if (action?.type === 'drop') return void req.socket.destroy();
    if (action?.type === 'status') {
      const headers: Record<string, string> = action.retryAfter !== undefined ? { 'retry-after': String(action.retryAfter) } : {};
      // Some servers echo the key they were sent in their error message: distill must not pass it on.
      const echoed = action.echoKey ? ` (the key sent was ${String(req.headers.authorization ?? '').replace(/^Bearer /, '')})` : '';
      const message = (action.message ?? `offline teacher fault: status ${action.status}`) + echoed;
      return send(res, entry, action.status, errorBody(action.status, message), headers);
    }
    const reply = shapeReply(
      persona,
      request,
      buildReply(content, request, sample, replyFault(action), { styles, format: body.format }),
      entry.key,
    );
    const ctx = {
      id: `chatcmpl-offline-${++completionCount}`,
      model: body.model || OFFLINE_MODEL,
      created: Math.floor(Date.now() / 1000),
      mode: persona.reasoningMode ?? mode,
      promptTokens: estimateTokens(body.messages.map((message) => message.content).join('\n')),
      ...(body.logprobs ? { logprobs: { ...body.logprobs, sample: String(sample) } } : {}),
    };
    entry.status = 200;
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
    }
    const pieces =
      action?.type === 'huge'
        ? hugeBody(action.chars, ctx, body.stream)
        : body.stream
          ? [...streamChunks(reply, ctx, body.includeUsage).map((chunk) => `data: ${chunk}\n\n`), 'data: [DONE]\n\n']
          : [completionJson(reply, ctx)];
    await sendBody(res, req, entry, pieces, action, wait);
  }

  const server = createServer((req, res) => {
    const entry: RequestLogEntry = {
      kind: 'other',
      key: `${req.method} ${req.url}`,
      status: 0,
      time: Date.now(),
      stream: false,
      attempt: 1,
    };
    requests.push(entry);
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(res, entry, 401, errorBody(401, 'Incorrect API key provided.'));
    }
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      Object.assign(entry, { kind: 'models', key: 'models' });
      const data = [{ id: OFFLINE_MODEL, object: 'model', created: 0, owned_by: 'distill' }];
      return send(res, entry, 200, { object: 'list', data });
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      handleChat(req, res, entry).catch((err: Error) => send(res, entry, 500, errorBody(500, `offline teacher bug: ${err.message}`)));
      return;
    }
    send(res, entry, 404, errorBody(404, `no route ${req.method} ${path}`));
  });

  // Node's 5 s default races the client's reuse of an idle socket when the machine is loaded
  // (its timers fire late): the request then dies as "other side closed". Hosted APIs keep sockets longer.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setFaults: (rules) => {
      faults = new FaultPlan(rules);
    },
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // hung requests and keep-alive sockets
      await done;
    },
  };
}

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  stream: boolean;
  includeUsage: boolean;
  format: RequestedFormat;
  logprobs: OfflineLogprobsAsk | null;
}

function parseBody(text: string | null): ChatBody | null {
  if (text === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { messages?: unknown }).messages)) return null;
  const body = raw as {
    model?: unknown;
    messages: unknown[];
    stream?: unknown;
    stream_options?: { include_usage?: unknown };
    response_format?: { type?: unknown };
    logprobs?: unknown;
    top_logprobs?: unknown;
    return_tokens_as_token_ids?: unknown;
  };
  const messages = body.messages.map((message) => {
    const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
    return { role: typeof role === 'string' ? role : '', content: typeof content === 'string' ? content : JSON.stringify(content ?? '') };
  });
  return {
    model: typeof body.model === 'string' ? body.model : '',
    messages,
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
    format: formatOf(body.response_format?.type),
    logprobs:
      body.logprobs === true
        ? { topK: typeof body.top_logprobs === 'number' ? body.top_logprobs : 0, tokenIds: body.return_tokens_as_token_ids === true }
        : null,
  };
}

function formatOf(type: unknown): RequestedFormat {
  return type === 'json_schema' || type === 'json_object' ? type : null;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size <= MAX_BODY_BYTES) parts.push(part);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** The sample header when sent; otherwise each request for a question takes the next answer in turn. */
function sampleOf(req: IncomingMessage, request: RecognizedRequest, cycles: Map<string, number>): number {
  if (request.kind !== 'answer') return 0;
  const header = Number.parseInt(String(req.headers[SAMPLE_HEADER] ?? ''), 10);
  if (Number.isInteger(header) && header >= 0) return header;
  const next = cycles.get(request.question) ?? 0;
  cycles.set(request.question, next + 1);
  return next;
}

function keyOf(request: RecognizedRequest, sample: number): string {
  if (request.kind === 'answer') return `answer:${request.question}#${sample}`;
  // One candidate's judgement: the question and its answer (the kill -9 test counts these).
  if (request.kind === 'judge') return `judge:${request.question}\u0000${request.answer}`;
  return `${request.kind}:${request.path}`;
}

function send(res: ServerResponse, entry: RequestLogEntry, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  entry.status = status;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
