// The public face of the model layer: the pipeline and batch import call these.
export { chatRequestBody, createTeacherClient, SAMPLE_HEADER } from './client.js';
export type { CompletionRequest, LogprobsRequest, TeacherClient, TeacherClientOptions } from './client.js';
export { parseChatCompletion, parseUsage, addUsage, MalformedCompletionError } from './completion.js';
export type { ChatMessage, Completion } from './completion.js';
export { splitReasoning, splitThinkBlock } from './reasoning.js';
export { StreamAccumulator } from './stream-accumulator.js';
export { resolveApiKey, isLoopbackUrl, MissingApiKeyError, DEFAULT_API_KEY_ENV } from './api-key.js';
export { describeModelError, isRetryableLater } from './errors.js';
export { ItemFailure, NoTeacherLeftError, PoolMember, TeacherPool } from './teacher-pool.js';
export type { PoolMemberSetup, TeacherPoolOptions } from './teacher-pool.js';
export { SIZE_LIMIT_FINISH } from './stream-accumulator.js';
export type { ModelErrorContext } from './errors.js';
export { askForList } from './list-answer.js';
export type { AskForListOptions, ListAnswer } from './list-answer.js';
export { ListAnswerError, StructuredOutputRejectedError } from './list-answer-error.js';
export type { ListProblem, ListProblemKind } from './list-answer-error.js';
export { STRUCTURED_OUTPUT_SETTINGS, inMemoryStructuredOutput, responseFormatFor, startingMode } from './list-answer-format.js';
export type { ResponseFormat, StructuredOutputMemory, StructuredOutputMode, StructuredOutputSetting } from './list-answer-format.js';
export { extractJsonList } from './parse-list-answer.js';
export { readListItems } from './list-schemas.js';
export type { ListItemOf, ListKind, ListSchemaName, QuestionListItem, TagListItem } from './list-schemas.js';
export { loadPromptTemplate, renderPrompt, renderTemplate, languageName, PROMPT_NAMES } from './prompts.js';
export type { PromptName, PromptVars } from './prompts.js';
export {
  buildAnswerMessages,
  buildListRetryMessage,
  buildQuestionsMessages,
  buildTagsMessages,
  formatPromptList,
  parsePromptList,
} from './prompt-messages.js';
export type { PromptPath, QuestionsPromptInput, TagsPromptInput } from './prompt-messages.js';
