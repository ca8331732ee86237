import { DEFAULT_TEACHER_NAME } from './teacher-pool-config.js';
import { DEFAULT_GENERATION, TEACHER_ROLES, type Language, type ProjectConfig, type TeacherConfig } from './types.js';

export const OFFLINE_BASE_URL = 'offline';
export const OFFLINE_MODEL = 'offline-teacher';
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface NewProjectOptions {
  topic: string;
  language?: Language;
  baseUrl?: string;
  model?: string;
  questionModel?: string;
  apiKeyEnv?: string;
  concurrency?: number;
  stream?: boolean;
  /** Token log-probabilities the first teacher is asked for (0: none). */
  logprobs?: number;
}

/** The config of a new project, with the documented defaults for everything not given. */
export function newProjectConfig(options: NewProjectOptions, now = new Date()): ProjectConfig {
  const baseUrl = options.baseUrl ?? DEFAULT_OPENAI_BASE_URL;
  const model = options.model ?? (baseUrl === OFFLINE_BASE_URL ? OFFLINE_MODEL : 'gpt-4o-mini');
  const first: TeacherConfig = {
    name: DEFAULT_TEACHER_NAME,
    baseUrl,
    model,
    ...(options.questionModel && options.questionModel !== model ? { questionModel: options.questionModel } : {}),
    roles: [...TEACHER_ROLES],
    ...(options.logprobs ? { logprobs: { topK: options.logprobs } } : {}),
  };
  return {
    version: 1,
    topic: options.topic.trim(),
    language: options.language ?? 'en',
    teachers: [first],
    apiKeyEnv: options.apiKeyEnv ?? 'OPENAI_API_KEY',
    concurrency: options.concurrency ?? 8,
    stream: options.stream ?? false,
    timeoutMs: 600_000,
    maxRetries: 4,
    maxTokens: null,
    temperature: 0.7,
    generation: { ...DEFAULT_GENERATION },
    rules: {},
    createdAt: now.toISOString(),
  };
}
