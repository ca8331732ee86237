import type { Language, TokenUsage } from '../core/types.js';
import type { TeacherClient } from './client.js';
import { addUsage, type ChatMessage, type Completion } from './completion.js';
import { completeWithFormat } from './complete-with-format.js';
import { ListAnswerError, type ListProblem } from './list-answer-error.js';
import {
  responseFormatFor,
  startingMode,
  type StructuredOutputMemory,
  type StructuredOutputMode,
  type StructuredOutputSetting,
} from './list-answer-format.js';
import { readListItems, type ListItemOf, type ListKind } from './list-schemas.js';
import { extractJsonList } from './parse-list-answer.js';
import { buildListRetryMessage } from './prompt-messages.js';

export interface AskForListOptions<K extends ListKind = ListKind> {
  kind: K;
  model: string;
  messages: ChatMessage[];
  /** Items asked for (the corrective message repeats it). A shorter usable list is returned as it is. */
  count: number;
  /** Total requests for one usable list, the first included. */
  maxAttempts: number;
  /** Language of the corrective message; default 'en'. */
  language?: Language;
  maxTokens?: number | null;
  temperature?: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Default 'off'. */
  structuredOutput?: StructuredOutputSetting;
  /** What `auto` learned about this endpoint; without one, nothing is remembered. */
  structuredOutputMemory?: StructuredOutputMemory;
  /** Key into the memory; default `<base URL> <model>`. */
  structuredOutputKey?: string;
  /** Called before each re-ask, e.g. to show a warning. */
  onRetry?: (problem: ListProblem, nextAttempt: number) => void;
  /** Called when `auto` steps down because the server refused a response_format. */
  onStructuredOutputFallback?: (from: StructuredOutputMode, to: StructuredOutputMode, serverMessage: string) => void;
}

export interface ListAnswer<T> {
  /** Every usable item of the reply, in order (not cut to `count`: the caller drops repeats first). */
  items: T[];
  /** Items of the accepted reply that could not be used (no text, too short, …). */
  dropped: number;
  attempts: number;
  /** Summed over all attempts. */
  usage: TokenUsage | null;
  latencyMs: number;
  model: string;
  /** What was wrong with each rejected reply, in order. */
  problems: ListProblem[];
  /** The structured output the accepted reply was asked with. */
  structuredOutput: StructuredOutputMode;
}

/**
 * Asks for a list and insists on a usable one: a reply with no list, or with
 * no usable item, is shown back to the teacher with a corrective message, up to
 * `maxAttempts` requests; then a ListAnswerError says what was wrong. A list
 * shorter or longer than asked is usable: the caller keeps what it needs.
 * HTTP errors are not re-asked here (the SDK already retried them), except a
 * 400 to a response_format under `auto`, which steps down once and is remembered.
 */
export async function askForList<K extends ListKind>(
  client: TeacherClient,
  options: AskForListOptions<K>,
): Promise<ListAnswer<ListItemOf<K>>> {
  const key = options.structuredOutputKey ?? `${client.baseUrl} ${options.model}`;
  const setting = options.structuredOutput ?? 'off';
  let mode = startingMode(setting, options.structuredOutputMemory, key);
  const problems: ListProblem[] = [];
  let conversation = options.messages;
  let usage: TokenUsage | null = null;
  let latencyMs = 0;
  for (let attempt = 1; ; attempt++) {
    const sent = await completeWithFormat(
      client,
      {
        model: options.model,
        messages: conversation,
        maxTokens: options.maxTokens,
        temperature: options.temperature,
        headers: options.headers,
        signal: options.signal,
      },
      setting,
      mode,
      (format) => responseFormatFor(options.kind, format),
      options.onStructuredOutputFallback,
    );
    mode = sent.mode;
    if (setting === 'auto' && options.structuredOutputMemory?.recall(key) !== mode) options.structuredOutputMemory?.remember(key, mode);
    const completion = sent.completion;
    usage = addUsage(usage, completion.usage);
    latencyMs += completion.latencyMs;
    const checked = checkListReply(options.kind, completion);
    if (checked.ok) {
      return {
        items: checked.items,
        dropped: checked.dropped,
        attempts: attempt,
        usage,
        latencyMs,
        model: completion.model,
        problems,
        structuredOutput: mode,
      };
    }
    problems.push(checked.problem);
    if (attempt >= options.maxAttempts) throw new ListAnswerError(checked.problem, attempt, completion.answer);
    options.onRetry?.(checked.problem, attempt + 1);
    conversation = correctiveConversation(options, completion.answer, checked.problem);
  }
}

type CheckedReply<T> = { ok: true; items: T[]; dropped: number } | { ok: false; problem: ListProblem };

function checkListReply<K extends ListKind>(kind: K, completion: Completion): CheckedReply<ListItemOf<K>> {
  const extracted = extractJsonList(completion.answer);
  if (!extracted.ok) {
    if (completion.finishReason === 'length' && extracted.problem.kind !== 'empty') {
      return { ok: false, problem: { kind: 'no-json', detail: 'the reply was cut off (finish_reason length) before the JSON ended' } };
    }
    return extracted;
  }
  const read = readListItems(kind, extracted.items);
  if (read.items.length > 0) return { ok: true, items: read.items, dropped: read.dropped };
  if (extracted.items.length === 0) return { ok: false, problem: { kind: 'invalid', detail: 'the list is empty' } };
  return { ok: false, problem: { kind: 'invalid', detail: read.firstProblem ?? 'no item of the list can be used' } };
}

// Only the latest bad reply is shown back, so a long run of bad replies does not grow the prompt.
function correctiveConversation(options: AskForListOptions, badAnswer: string, problem: ListProblem): ChatMessage[] {
  // An empty reply is simply asked again: some servers reject an empty assistant message.
  if (badAnswer.trim().length === 0) return options.messages;
  const retry = buildListRetryMessage({ language: options.language ?? 'en', problem: problem.detail, count: options.count });
  return [...options.messages, { role: 'assistant', content: badAnswer }, retry];
}
