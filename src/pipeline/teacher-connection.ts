import { OFFLINE_BASE_URL } from '../core/project-config.js';
import type { ProjectConfig } from '../core/types.js';
import { createTeacherClient, resolveApiKey, type TeacherClient } from '../llm/index.js';
import { startOfflineTeacher } from '../offline-teacher/offline-teacher.js';
import { RunStoppedError } from './generation-context.js';

export interface TeacherConnection {
  client: TeacherClient;
  /** Where requests go (for messages): the offline teacher's loopback URL when it is used. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The client a run uses. A project on the 'offline' teacher gets the built-in
 * loopback server started for the duration of the run; any other project talks
 * to its base URL with the key read from the environment (never stored).
 */
export async function connectTeacher(config: ProjectConfig, env: NodeJS.ProcessEnv): Promise<TeacherConnection> {
  const options = { timeoutMs: config.timeoutMs, maxRetries: config.maxRetries, stream: config.stream };
  if (config.teacher.baseUrl === OFFLINE_BASE_URL) {
    const teacher = await startOfflineTeacher();
    return {
      client: createTeacherClient({ ...options, baseUrl: teacher.url, apiKey: 'offline' }),
      baseUrl: teacher.url,
      close: () => teacher.close(),
    };
  }
  let apiKey: string;
  try {
    apiKey = resolveApiKey(config.teacher.baseUrl, config.apiKeyEnv, env);
  } catch (error) {
    throw new RunStoppedError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  return {
    client: createTeacherClient({ ...options, baseUrl: config.teacher.baseUrl, apiKey }),
    baseUrl: config.teacher.baseUrl,
    close: () => Promise.resolve(),
  };
}
