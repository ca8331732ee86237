// Response bodies in OpenAI's exact chat.completion / chat.completion.chunk shapes.
import { tokenize, tokenLogprobsJson, type OfflineLogprobsAsk } from './token-logprobs.js';

export type ReasoningMode = 'field' | 'think-tag';

export interface TeacherReply {
  reasoning: string;
  /** The visible content (a list's JSON, or an answer). */
  content: string;
  finishReason: 'stop' | 'length' | 'content_filter';
  /** A refusal sent as OpenAI does: in `refusal`, with `content: null`. */
  refusal?: string;
}

export interface ReplyContext {
  id: string;
  model: string;
  created: number;
  mode: ReasoningMode;
  promptTokens: number;
  /** Token log-probabilities asked for; absent: none. */
  logprobs?: OfflineLogprobsAsk;
}

const STREAM_PIECE_CHARS = 16;
// Long texts go in bigger pieces so that parsing chunks does not dominate a throughput benchmark.
const MAX_PIECES_PER_TEXT = 32;

/** Rough token count: a Han character is about a token, other text about four characters a token. */
export function estimateTokens(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  return han + Math.ceil((text.length - han) / 4);
}

/**
 * A chat.completion as the JSON text the server writes. Written out by hand around the
 * parts JSON.stringify makes, so that the logprobs (tens of KB at topK 5) are spliced in
 * from their per-table JSON rather than stringified again for every request.
 */
export function completionJson(reply: TeacherReply, ctx: ReplyContext): string {
  const content = ctx.mode === 'think-tag' ? withThinkTag(reply) : reply.content;
  const message: Record<string, unknown> =
    reply.refusal === undefined
      ? { role: 'assistant', content, refusal: null }
      : { role: 'assistant', content: null, refusal: reply.refusal };
  if (ctx.mode === 'field' && reply.reasoning) message['reasoning_content'] = reply.reasoning;
  // Like vLLM with a reasoning parser: one list for every generated token, reasoning first.
  const generated = ctx.mode === 'field' ? reply.reasoning + content : content;
  const logprobs = ctx.logprobs ? logprobsJson(tokenLogprobsJson(tokenize(generated), ctx.logprobs, reply.content)) : 'null';
  return (
    `{"id":${JSON.stringify(ctx.id)},"object":"chat.completion","created":${ctx.created},"model":${JSON.stringify(ctx.model)},` +
    `"choices":[{"index":0,"message":${JSON.stringify(message)},"logprobs":${logprobs},"finish_reason":${JSON.stringify(reply.finishReason)}}],` +
    `"usage":${JSON.stringify(usageOf(reply, ctx))},"system_fingerprint":"offline-teacher"}`
  );
}

/** The chunks of a streamed reply as JSON texts, usage last when asked for; the caller writes `data: [DONE]` after. */
export function streamChunks(reply: TeacherReply, ctx: ReplyContext, includeUsage: boolean): string[] {
  const head = `{"id":${JSON.stringify(ctx.id)},"object":"chat.completion.chunk","created":${ctx.created},"model":${JSON.stringify(ctx.model)},"system_fingerprint":"offline-teacher",`;
  const tail = includeUsage ? ',"usage":null}' : '}';
  const chunk = (delta: object, finishReason: string | null = null, logprobs: string[] | null = null) =>
    `${head}"choices":[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":${logprobs ? logprobsJson(logprobs) : 'null'},"finish_reason":${JSON.stringify(finishReason)}}]${tail}`;
  const chunks: string[] = [chunk({ role: 'assistant', content: '' })];
  const ask = ctx.logprobs;
  const add = (field: 'reasoning_content' | 'content', text: string) => {
    if (!ask) {
      for (const piece of pieces(text)) chunks.push(chunk({ [field]: piece }));
      return;
    }
    // Each chunk carries whole tokens and their logprobs, as a real server's does.
    const texts = tokenize(text);
    const tokens = tokenLogprobsJson(texts, ask, reply.content);
    const size = Math.max(4, Math.ceil(tokens.length / MAX_PIECES_PER_TEXT));
    for (let i = 0; i < tokens.length; i += size)
      chunks.push(chunk({ [field]: texts.slice(i, i + size).join('') }, null, tokens.slice(i, i + size)));
  };
  if (reply.refusal !== undefined) {
    for (const piece of pieces(reply.refusal)) chunks.push(chunk({ refusal: piece }));
  } else if (ctx.mode === 'field') {
    add('reasoning_content', reply.reasoning);
    add('content', reply.content);
  } else {
    add('content', withThinkTag(reply));
  }
  chunks.push(chunk({}, reply.finishReason));
  if (includeUsage) chunks.push(`${head}"choices":[],"usage":${JSON.stringify(usageOf(reply, ctx))}}`);
  return chunks;
}

function logprobsJson(tokens: readonly string[]): string {
  return `{"content":[${tokens.join(',')}],"refusal":null}`;
}

export function errorBody(status: number, message: string): object {
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: null } };
}

function withThinkTag(reply: TeacherReply): string {
  if (!reply.reasoning) return reply.content;
  // A reply cut off inside its reasoning never closes the tag, as a real server's would not.
  if (reply.finishReason === 'length' && !reply.content) return `<think>\n${reply.reasoning}`;
  return `<think>\n${reply.reasoning}\n</think>\n\n${reply.content}`;
}

function usageOf(reply: TeacherReply, ctx: ReplyContext) {
  const reasoningTokens = estimateTokens(reply.reasoning);
  const completionTokens = reasoningTokens + estimateTokens(reply.content);
  return {
    prompt_tokens: ctx.promptTokens,
    completion_tokens: completionTokens,
    total_tokens: ctx.promptTokens + completionTokens,
    completion_tokens_details: { reasoning_tokens: reasoningTokens },
  };
}

function* pieces(text: string): Generator<string> {
  const chars = Array.from(text); // code points, so a CJK character or emoji is never split
  const size = Math.max(STREAM_PIECE_CHARS, Math.ceil(chars.length / MAX_PIECES_PER_TEXT));
  for (let i = 0; i < chars.length; i += size) yield chars.slice(i, i + size).join('');
}
