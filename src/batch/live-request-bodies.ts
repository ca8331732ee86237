// The request bodies of the live pipeline, for batch files: a batch answer must be asked exactly
// as a live one is, so the messages come from the same builders the pipeline calls and the body
// from the live client's own `chatRequestBody`.
import { firstTeacherWithRole, logprobsRequest, type PoolTeacher } from '../core/teacher-pool-config.js';
import { judgementFormat } from '../llm/judge-answer.js';
import { buildJudgeMessages } from '../llm/judge-messages.js';
import type { JudgeItem } from '../pipeline/judge/judge-items.js';
import type { ProjectConfig } from '../core/types.js';
import {
  buildAnswerMessages,
  buildQuestionsMessages,
  buildTagsMessages,
  chatRequestBody,
  responseFormatFor,
  type ChatMessage,
  type ResponseFormat,
  type StructuredOutputMode,
} from '../llm/index.js';
import type { ChatCompletionBody } from './batch-lines.js';

function chatBody(
  model: string,
  messages: ChatMessage[],
  maxTokens: number | null | undefined,
  temperature: number | undefined,
  responseFormat?: ResponseFormat,
  logprobs: ReturnType<typeof logprobsRequest> = {},
): ChatCompletionBody {
  return chatRequestBody({
    model,
    messages,
    maxTokens,
    temperature,
    ...(responseFormat ? { responseFormat } : {}),
    ...logprobs,
  });
}

/** As src/pipeline/answer-stage.ts asks for one candidate. */
export function answerRequestBody(config: ProjectConfig, question: string): ChatCompletionBody {
  const teacher = firstTeacherWithRole(config, 'answers');
  return chatBody(
    teacher.model,
    buildAnswerMessages({ language: config.language, question }),
    config.maxTokens,
    config.temperature,
    undefined,
    logprobsRequest(teacher),
  );
}

/** As src/pipeline/judge/judge-stage.ts asks `teacher` to judge one candidate (first attempt). */
export function judgeRequestBody(
  config: ProjectConfig,
  teacher: PoolTeacher,
  item: JudgeItem,
  structuredOutput: StructuredOutputMode,
): ChatCompletionBody {
  const messages = buildJudgeMessages({
    language: config.language,
    question: item.question.text,
    reference: item.question.reference,
    reasoning: item.candidate.reasoning,
    answer: item.candidate.answer,
  });
  return chatBody(teacher.model, messages, undefined, undefined, judgementFormat(structuredOutput));
}

/** As src/pipeline/tag-stage.ts asks for `count` sub-tags (first attempt). */
export function tagsRequestBody(
  config: ProjectConfig,
  input: { path: readonly string[]; count: number; siblings: readonly string[] },
  structuredOutput: StructuredOutputMode = 'off',
): ChatCompletionBody {
  const messages = buildTagsMessages({ language: config.language, topic: config.topic, ...input });
  return chatBody(
    firstTeacherWithRole(config, 'questions').questionModel,
    messages,
    undefined,
    config.temperature,
    responseFormatFor('tag-list', structuredOutput),
  );
}

/** As src/pipeline/question-stage.ts asks for `count` questions (first attempt). */
export function questionsRequestBody(
  config: ProjectConfig,
  input: { path: readonly string[]; count: number; existing: readonly string[] },
  structuredOutput: StructuredOutputMode = 'off',
): ChatCompletionBody {
  const messages = buildQuestionsMessages({ language: config.language, ...input });
  return chatBody(
    firstTeacherWithRole(config, 'questions').questionModel,
    messages,
    undefined,
    config.temperature,
    responseFormatFor('question-list', structuredOutput),
  );
}
