// One request to a judge teacher, insisting on a usable judgement: the structured output the
// teacher's setting allows (stepping down on a 400 under `auto`, as list requests do), the reply
// read tolerantly, and an unusable reply shown back once with what was wrong, up to maxAttempts.
import { DistillError } from '../core/distill-error.js';
import type { JudgeReading } from '../core/judgement.js';
import type { Language, TokenUsage } from '../core/types.js';
import type { TeacherClient } from './client.js';
import { addUsage, type ChatMessage } from './completion.js';
import { completeWithFormat } from './complete-with-format.js';
import {
  startingMode,
  type ResponseFormat,
  type StructuredOutputMemory,
  type StructuredOutputMode,
  type StructuredOutputSetting,
} from './list-answer-format.js';
import { readJudgeReply } from './parse-judge-answer.js';
import { renderPrompt } from './prompts.js';

/** The shape the judge prompt asks for, in the subset of JSON Schema that strict mode accepts. */
const JUDGEMENT_SCHEMA = {
  name: 'judgement',
  schema: {
    type: 'object',
    properties: {
      score: { type: 'integer' },
      verdict: { type: 'string', enum: ['correct', 'incorrect', 'cannot_tell'] },
      rationale: { type: 'string' },
    },
    required: ['score', 'verdict', 'rationale'],
    additionalProperties: false,
  },
};

export interface AskForJudgementOptions {
  model: string;
  messages: ChatMessage[];
  maxAttempts: number;
  language: Language;
  temperature?: number;
  signal?: AbortSignal;
  structuredOutput: StructuredOutputSetting;
  structuredOutputMemory?: StructuredOutputMemory;
  structuredOutputKey: string;
  onRetry?: (problem: string) => void;
  onStructuredOutputFallback?: (from: StructuredOutputMode, to: StructuredOutputMode, serverMessage: string) => void;
}

export interface JudgementAnswer {
  reading: JudgeReading;
  attempts: number;
  /** Summed over all attempts. */
  usage: TokenUsage | null;
  latencyMs: number;
  model: string;
}

/** The judge gave no usable judgement within the allowed attempts. */
export class JudgeAnswerError extends DistillError {
  constructor(problem: string, attempts: number) {
    super(`the judge gave no usable judgement after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${problem}`);
    this.name = 'JudgeAnswerError';
  }
}

export async function askForJudgement(client: TeacherClient, options: AskForJudgementOptions): Promise<JudgementAnswer> {
  let mode = startingMode(options.structuredOutput, options.structuredOutputMemory, options.structuredOutputKey);
  let conversation = options.messages;
  let usage: TokenUsage | null = null;
  let latencyMs = 0;
  for (let attempt = 1; ; attempt++) {
    const sent = await completeWithFormat(
      client,
      { model: options.model, messages: conversation, temperature: options.temperature, signal: options.signal },
      options.structuredOutput,
      mode,
      judgementFormat,
      options.onStructuredOutputFallback,
    );
    mode = sent.mode;
    const memory = options.structuredOutputMemory;
    if (options.structuredOutput === 'auto' && memory?.recall(options.structuredOutputKey) !== mode) {
      memory?.remember(options.structuredOutputKey, mode);
    }
    usage = addUsage(usage, sent.completion.usage);
    latencyMs += sent.completion.latencyMs;
    const read = readJudgeReply(sent.completion.answer);
    if (read.ok) return { reading: read.reading, attempts: attempt, usage, latencyMs, model: sent.completion.model };
    const problem =
      sent.completion.finishReason === 'length' ? 'the reply was cut off (finish_reason length) before the JSON ended' : read.problem;
    if (attempt >= options.maxAttempts) throw new JudgeAnswerError(problem, attempt);
    options.onRetry?.(problem);
    conversation =
      sent.completion.answer.trim() === ''
        ? options.messages
        : [
            ...options.messages,
            { role: 'assistant', content: sent.completion.answer },
            { role: 'user', content: renderPrompt(options.language, 'judge-retry', { problem }) },
          ];
  }
}

/** The response_format a judge request carries in a structured-output mode (live and batch alike). */
export function judgementFormat(mode: StructuredOutputMode): ResponseFormat | undefined {
  if (mode === 'json_schema') return { type: 'json_schema', json_schema: { ...JUDGEMENT_SCHEMA, strict: true } };
  if (mode === 'json_object') return { type: 'json_object' };
  return undefined;
}
