import type { TeacherAnswer, TokenUsage } from '../core/types.js';
import { splitReasoning } from './reasoning.js';
import { DistillError } from '../core/distill-error.js';
import { SoftLabelCollector } from '../logprobs/soft-label-collector.js';
import type { SoftLabelCapture } from '../logprobs/soft-labels.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One teacher answer, reasoning separated from the final answer; with its logprobs when they were asked for. */
export type Completion = TeacherAnswer & { softLabels?: SoftLabelCapture };

/** The response body was not a chat completion at all (not the same as an empty answer). */
export class MalformedCompletionError extends DistillError {
  constructor(detail: string) {
    super(`the teacher's response is not a chat completion: ${detail}`);
    this.name = 'MalformedCompletionError';
  }
}

/**
 * Reads a plain `chat.completion` object: a live non-streamed response or a
 * `response.body` line of an OpenAI Batch API result file.
 */
export function parseChatCompletion(body: unknown, latencyMs = 0, logprobsTopK = 0): Completion {
  if (!isRecord(body)) throw new MalformedCompletionError('not a JSON object');
  // Some gateways (OpenRouter) report upstream failures as a 200 with an error object.
  const error = body['error'];
  if (isRecord(error) && typeof error['message'] === 'string') {
    throw new MalformedCompletionError(`the server sent an error instead: ${error['message']}`);
  }
  const choices = body['choices'];
  if (!Array.isArray(choices) || choices.length === 0) throw new MalformedCompletionError('no choices');
  const choice: unknown = choices[0];
  if (!isRecord(choice) || !isRecord(choice['message'])) throw new MalformedCompletionError('the first choice has no message');
  const message = choice['message'];
  const content = textOf(message['content']);
  const field = reasoningFieldOf(message);
  const { reasoning, answer } = splitReasoning(content, field);
  const refusal = message['refusal'];
  const finishReason = typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : null;
  let softLabels: SoftLabelCapture | undefined;
  if (logprobsTopK > 0) {
    const collector = new SoftLabelCollector(logprobsTopK);
    collector.addMessage(choice);
    softLabels = collector.finish(field, content, { reasoning, answer }, finishReason);
  }
  return {
    reasoning,
    answer,
    finishReason,
    ...(softLabels ? { softLabels } : {}),
    ...(typeof refusal === 'string' && refusal !== '' ? { refusal } : {}),
    usage: parseUsage(body['usage']),
    model: typeof body['model'] === 'string' ? body['model'] : '',
    latencyMs,
  };
}

/** `reasoning_content` (DeepSeek, vLLM) or `reasoning` (OpenRouter) of a message or a stream delta. */
export function reasoningFieldOf(messageOrDelta: Record<string, unknown>): string {
  const field = messageOrDelta['reasoning_content'] ?? messageOrDelta['reasoning'];
  return typeof field === 'string' ? field : '';
}

export function parseUsage(usage: unknown): TokenUsage | null {
  if (!isRecord(usage)) return null;
  const promptTokens = usage['prompt_tokens'];
  const completionTokens = usage['completion_tokens'];
  if (typeof promptTokens !== 'number' || typeof completionTokens !== 'number') return null;
  const details = usage['completion_tokens_details'];
  const reasoningTokens = isRecord(details) ? details['reasoning_tokens'] : undefined;
  return {
    promptTokens,
    completionTokens,
    ...(typeof reasoningTokens === 'number' ? { reasoningTokens } : {}),
  };
}

export function addUsage(a: TokenUsage | null, b: TokenUsage | null): TokenUsage | null {
  if (!a) return b;
  if (!b) return a;
  const reasoning = (a.reasoningTokens ?? 0) + (b.reasoningTokens ?? 0);
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    ...(a.reasoningTokens !== undefined || b.reasoningTokens !== undefined ? { reasoningTokens: reasoning } : {}),
  };
}

// Some servers send content as an array of parts ({type:'text', text}) instead of a string.
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (isRecord(part) && typeof part['text'] === 'string' ? part['text'] : '')).join('');
  }
  return '';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
