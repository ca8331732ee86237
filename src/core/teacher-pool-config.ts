// The teacher pool of a project, every default filled in. distill.json may hold
// a `teachers` list or, in projects made before pools, one `teacher` with a
// `questionModel`; both read as a pool here, so nothing else has to know.
import type { ProjectConfig, StructuredOutputSetting, TeacherConfig, TeacherPrice, TeacherRole } from './types.js';
import { TEACHER_ROLES } from './types.js';

/** The name of the teacher `init` makes, and of the one teacher of an old project. */
export const DEFAULT_TEACHER_NAME = 'default';
export const TEACHER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
export const DEFAULT_MAX_ANSWER_CHARS = 500_000;
export const DEFAULT_FIRST_BYTE_MS = 300_000;
export const DEFAULT_IDLE_MS = 60_000;

export interface PoolTeacher {
  name: string;
  baseUrl: string;
  model: string;
  questionModel: string;
  apiKeyEnv: string;
  concurrency: number;
  rpm: number | null;
  tpm: number | null;
  weight: number;
  roles: readonly TeacherRole[];
  price: TeacherPrice | null;
  stream: boolean;
  logprobsTopK: number;
  /** Ask for token ids with the logprobs (vLLM's return_tokens_as_token_ids). */
  logprobsTokenIds: boolean;
  structuredOutput: StructuredOutputSetting;
}

/** The pool in the order of distill.json; never empty for a valid config. */
export function projectTeachers(config: ProjectConfig): PoolTeacher[] {
  const listed = config.teachers ?? [];
  if (listed.length > 0) return listed.map((teacher, index) => fillTeacher(config, teacher, index));
  if (!config.teacher) return [];
  return [
    fillTeacher(
      config,
      {
        name: DEFAULT_TEACHER_NAME,
        baseUrl: config.teacher.baseUrl,
        model: config.teacher.model,
        ...(config.questionModel ? { questionModel: config.questionModel } : {}),
        ...(config.teacher.structuredOutput ? { structuredOutput: config.teacher.structuredOutput } : {}),
      },
      0,
    ),
  ];
}

/** Teachers that take work of one role, in pool order. */
export function teachersWithRole(config: ProjectConfig, role: TeacherRole): PoolTeacher[] {
  return projectTeachers(config).filter((teacher) => teacher.roles.includes(role));
}

/** The teacher old single-teacher readers mean (batch files, the TUI's header): the first one that answers. */
export function primaryTeacher(config: ProjectConfig): PoolTeacher {
  const teachers = projectTeachers(config);
  const primary = teachers.find((teacher) => teacher.roles.includes('answers')) ?? teachers[0];
  if (!primary) throw new Error('the project has no teacher');
  return primary;
}

/** The first teacher (in pool order) that takes work of a role: whom a batch file is written for. */
export function firstTeacherWithRole(config: ProjectConfig, role: TeacherRole): PoolTeacher {
  const teacher = teachersWithRole(config, role)[0] ?? projectTeachers(config)[0];
  if (!teacher) throw new Error('the project has no teacher');
  return teacher;
}

/** The config with its pool written as a `teachers` list (an old `teacher` becomes the teacher `default`). */
export function withTeacherList(config: ProjectConfig, teachers: TeacherConfig[]): ProjectConfig {
  const { teacher: _teacher, questionModel: _questionModel, ...rest } = config;
  return { ...rest, teachers };
}

/** The pool as a `teachers` list, whatever shape distill.json had. */
export function listedTeachers(config: ProjectConfig): TeacherConfig[] {
  if (config.teachers && config.teachers.length > 0) return config.teachers.map((teacher) => ({ ...teacher }));
  if (!config.teacher) return [];
  return [
    {
      name: DEFAULT_TEACHER_NAME,
      baseUrl: config.teacher.baseUrl,
      model: config.teacher.model,
      ...(config.questionModel && config.questionModel !== config.teacher.model ? { questionModel: config.questionModel } : {}),
      ...(config.teacher.structuredOutput ? { structuredOutput: config.teacher.structuredOutput } : {}),
      roles: [...TEACHER_ROLES],
    },
  ];
}

/**
 * What a schema cannot say about a pool: unique names, and someone to write
 * questions and someone to answer them. Null when the pool is usable.
 */
export function poolProblem(config: ProjectConfig): string | null {
  const teachers = projectTeachers(config);
  if (teachers.length === 0) return 'the project has no teacher: add one with distill teacher add';
  const seen = new Set<string>();
  for (const teacher of teachers) {
    if (seen.has(teacher.name)) return `two teachers are named "${teacher.name}"; teacher names must be unique`;
    seen.add(teacher.name);
  }
  for (const role of ['questions', 'answers'] as const) {
    if (!teachers.some((teacher) => teacher.roles.includes(role))) return `no teacher has the role "${role}"`;
  }
  return null;
}

/** US dollars for a request's tokens at a teacher's price; null when the price is not known. */
export function costOf(price: TeacherPrice | null, promptTokens: number, completionTokens: number): number | null {
  if (!price) return null;
  return (promptTokens * price.inputPerMillion + completionTokens * price.outputPerMillion) / 1_000_000;
}

function fillTeacher(config: ProjectConfig, teacher: TeacherConfig, index: number): PoolTeacher {
  return {
    name: teacher.name,
    baseUrl: teacher.baseUrl,
    model: teacher.model,
    questionModel: teacher.questionModel ?? teacher.model,
    apiKeyEnv: teacher.apiKeyEnv ?? config.apiKeyEnv,
    concurrency: teacher.concurrency ?? config.concurrency,
    rpm: teacher.rpm ?? null,
    tpm: teacher.tpm ?? null,
    weight: teacher.weight ?? 1,
    roles: teacher.roles ?? (index === 0 ? TEACHER_ROLES : ['answers']),
    price: teacher.price ?? null,
    stream: teacher.stream ?? config.stream,
    logprobsTopK: teacher.logprobs?.topK ?? 0,
    logprobsTokenIds: teacher.logprobs?.tokenIds ?? false,
    structuredOutput: teacher.structuredOutput ?? 'auto',
  };
}

/** What a teacher's `logprobs` setting asks of each answer request (nothing when topK is 0), live or in a batch file. */
export function logprobsRequest(teacher: PoolTeacher): { logprobs?: { topK: number; tokenIds?: boolean } } {
  if (teacher.logprobsTopK <= 0) return {};
  return { logprobs: { topK: teacher.logprobsTopK, ...(teacher.logprobsTokenIds ? { tokenIds: true } : {}) } };
}
