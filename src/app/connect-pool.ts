import {
  DEFAULT_FIRST_BYTE_MS,
  DEFAULT_IDLE_MS,
  DEFAULT_MAX_ANSWER_CHARS,
  projectTeachers,
  type PoolTeacher,
} from '../core/teacher-pool-config.js';
import { OFFLINE_BASE_URL } from '../core/project-config.js';
import type { ProjectConfig } from '../core/types.js';
import {
  createTeacherClient,
  resolveApiKey,
  TeacherPool,
  type PoolMemberSetup,
  type TeacherClient,
  type TeacherPoolOptions,
} from '../llm/index.js';
import { streakToDown } from '../pipeline/generation-context.js';

/** The built-in offline teacher, served for the length of a run (the CLI starts it; the app never imports it). */
export interface OfflineServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the loopback server that plays every teacher whose base URL is 'offline'. */
export type OfflineStarter = (teachers: readonly PoolTeacher[]) => Promise<OfflineServer>;

/** What one run may change of the project's settings (--timeout, --max-retries, --concurrency). */
export interface RunSettings {
  timeoutMs?: number;
  maxRetries?: number;
  /** Requests in flight per teacher, for this run. */
  concurrency?: number;
}

export interface PoolConnection {
  pool: TeacherPool;
  /** Teachers that cannot be used at all in this run (a missing key), with why. */
  unusable: { name: string; reason: string }[];
  close(): Promise<void>;
}

/** The limits each request of a run gets, from distill.json and the run's flags. */
export function requestLimits(config: ProjectConfig, settings: RunSettings = {}) {
  const totalMs = settings.timeoutMs ?? config.timeoutMs;
  return {
    totalMs,
    firstByteMs: Math.min(config.timeouts?.firstByteMs ?? DEFAULT_FIRST_BYTE_MS, totalMs),
    idleMs: Math.min(config.timeouts?.idleMs ?? DEFAULT_IDLE_MS, totalMs),
    maxRetries: settings.maxRetries ?? config.maxRetries,
    maxAnswerChars: config.maxAnswerChars ?? DEFAULT_MAX_ANSWER_CHARS,
  };
}

/**
 * The run's teacher pool: one client per teacher, with its key read from the
 * environment (never stored). Teachers on 'offline' share one loopback server,
 * started by `startOffline` (the CLI's offline wiring) for the run's length.
 */
export async function connectPool(
  config: ProjectConfig,
  env: NodeJS.ProcessEnv,
  options: { settings?: RunSettings; startOffline?: OfflineStarter } & Pick<TeacherPoolOptions, 'onDown'>,
): Promise<PoolConnection> {
  const limits = requestLimits(config, options.settings);
  const teachers = projectTeachers(config).map((teacher) =>
    options.settings?.concurrency ? { ...teacher, concurrency: options.settings.concurrency } : teacher,
  );
  const offlineTeachers = teachers.filter((teacher) => teacher.baseUrl === OFFLINE_BASE_URL);
  let offline: OfflineServer | null = null;
  if (offlineTeachers.length > 0) {
    if (!options.startOffline) throw new Error("a teacher on 'offline' needs the CLI's offline teacher wiring");
    offline = await options.startOffline(offlineTeachers);
  }
  const secrets: string[] = [];
  const unusable: { name: string; reason: string }[] = [];
  const clients: TeacherClient[] = [];
  const setups = teachers.map((teacher): PoolMemberSetup => {
    const baseUrl = teacher.baseUrl === OFFLINE_BASE_URL && offline ? offline.url : teacher.baseUrl;
    const errorContext = {
      baseUrl,
      model: teacher.model,
      apiKeyEnv: teacher.apiKeyEnv,
      timeoutMs: limits.firstByteMs,
      maxRetries: limits.maxRetries,
    };
    // The teacher keeps its configured base URL (what the project's caches are keyed by); the client gets the connected one.
    const common = { teacher, errorContext, streakToDown: streakToDown(teacher.concurrency) };
    let apiKey: string;
    try {
      apiKey = teacher.baseUrl === OFFLINE_BASE_URL ? 'offline' : resolveApiKey(teacher.baseUrl, teacher.apiKeyEnv, env);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      unusable.push({ name: teacher.name, reason });
      return { ...common, client: null, unusable: reason };
    }
    secrets.push(apiKey);
    const client = createTeacherClient({
      baseUrl,
      apiKey,
      timeoutMs: limits.firstByteMs,
      idleMs: limits.idleMs,
      totalMs: limits.totalMs,
      maxRetries: limits.maxRetries,
      stream: teacher.stream,
      maxAnswerChars: limits.maxAnswerChars,
      sockets: teacher.concurrency,
    });
    clients.push(client);
    return { ...common, client };
  });
  // The built-in offline teachers (the demo) answer at their personas' own paces: stealing work between
  // them would move the demo's flaws from run to run, so an all-offline pool keeps the spread as drawn.
  const steal = offlineTeachers.length < teachers.length;
  const pool = new TeacherPool(setups, { secrets, steal, ...(options.onDown ? { onDown: options.onDown } : {}) });
  const close = async () => {
    for (const client of clients) client.close?.();
    await offline?.close();
  };
  return { pool, unusable, close };
}
