import type { Language, TokenUsage } from '../core/types.js';
import type { TeacherClient } from './client.js';
import { addUsage, type ChatMessage, type Completion } from './completion.js';
import { ListAnswerError, type ListProblem } from './list-answer-error.js';
import { listValidator, type ListSchemaName, type ListValidator } from './list-schemas.js';
import { extractJsonList } from './parse-list-answer.js';
import { buildListRetryMessage } from './prompt-messages.js';

export interface AskForListOptions {
  model: string;
  messages: ChatMessage[];
  /** A schema in schemas/ by name, a schema for the array, or one for `{ items: [...] }`. */
  schema: ListSchemaName | object;
  /** Fewer valid items than this is a bad answer (at least 1: an empty list is never accepted). */
  minItems: number;
  /** Total requests, the first included. */
  maxAttempts: number;
  /** Language of the corrective message; default 'en'. */
  language?: Language;
  maxTokens?: number | null;
  temperature?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Called before each re-ask, e.g. to show a warning. */
  onRetry?: (problem: ListProblem, nextAttempt: number) => void;
}

export interface ListAnswer<T> {
  items: T[];
  attempts: number;
  /** Summed over all attempts. */
  usage: TokenUsage | null;
  latencyMs: number;
  model: string;
  /** What was wrong with each rejected reply, in order. */
  problems: ListProblem[];
}

/**
 * Asks for a JSON list and insists on a usable one: a broken, invalid or short
 * reply is shown back to the teacher with a corrective message, up to
 * `maxAttempts` requests in all; then a ListAnswerError says what was wrong.
 * HTTP errors are not re-asked here (the SDK already retried them).
 */
export async function askForList<T>(client: TeacherClient, options: AskForListOptions): Promise<ListAnswer<T>> {
  const validate = listValidator(options.schema);
  const minItems = Math.max(1, options.minItems);
  const problems: ListProblem[] = [];
  let conversation = options.messages;
  let usage: TokenUsage | null = null;
  let latencyMs = 0;
  for (let attempt = 1; ; attempt++) {
    const completion = await client.complete({
      model: options.model,
      messages: conversation,
      maxTokens: options.maxTokens,
      temperature: options.temperature,
      headers: options.headers,
      signal: options.signal,
    });
    usage = addUsage(usage, completion.usage);
    latencyMs += completion.latencyMs;
    const checked = checkListReply(completion, validate, minItems);
    if (checked.ok) {
      return { items: checked.items as T[], attempts: attempt, usage, latencyMs, model: completion.model, problems };
    }
    problems.push(checked.problem);
    if (attempt >= options.maxAttempts) throw new ListAnswerError(checked.problem, attempt, completion.answer);
    options.onRetry?.(checked.problem, attempt + 1);
    conversation = correctiveConversation(options, completion.answer, checked.problem, minItems);
  }
}

type CheckedReply = { ok: true; items: unknown[] } | { ok: false; problem: ListProblem };

function checkListReply(completion: Completion, validate: ListValidator, minItems: number): CheckedReply {
  const extracted = extractJsonList(completion.answer);
  if (!extracted.ok) {
    if (completion.finishReason === 'length' && extracted.problem.kind !== 'empty') {
      return { ok: false, problem: { kind: 'no-json', detail: 'the reply was cut off (finish_reason length) before the JSON ended' } };
    }
    return extracted;
  }
  const invalid = validate(extracted.items);
  if (invalid) return { ok: false, problem: { kind: 'invalid', detail: invalid } };
  if (extracted.items.length < minItems) {
    const detail = `the list has ${extracted.items.length} item${extracted.items.length === 1 ? '' : 's'}, at least ${minItems} are needed`;
    return { ok: false, problem: { kind: 'too-few', detail } };
  }
  return extracted;
}

// Only the latest bad reply is shown back, so a long run of bad replies does not grow the prompt.
function correctiveConversation(options: AskForListOptions, badAnswer: string, problem: ListProblem, minItems: number): ChatMessage[] {
  // An empty reply is simply asked again: some servers reject an empty assistant message.
  if (badAnswer.trim().length === 0) return options.messages;
  const retry = buildListRetryMessage({ language: options.language ?? 'en', problem: problem.detail, count: minItems });
  return [...options.messages, { role: 'assistant', content: badAnswer }, retry];
}
