import { type Command, InvalidArgumentError } from 'commander';
import { UsageError } from '../../core/distill-error.js';
import { OFFLINE_BASE_URL } from '../../core/project-config.js';
import {
  listedTeachers,
  poolProblem,
  projectTeachers,
  TEACHER_NAME_PATTERN,
  withTeacherList,
  type PoolTeacher,
} from '../../core/teacher-pool-config.js';
import { ASSIGNABLE_ROLES, type ProjectConfig, type TeacherConfig, type TeacherRole } from '../../core/types.js';
import { isLoopbackUrl } from '../../llm/api-key.js';
import { type CliIO, printJson } from '../cli-io.js';
import { integerFrom, numberFrom, openProject, positiveInteger, type ProjectOptions, withProjectOptions } from '../project-options.js';

interface AddOptions extends ProjectOptions {
  baseUrl: string;
  model: string;
  questionModel?: string;
  apiKeyEnv?: string;
  concurrency?: number;
  weight?: number;
  roles?: TeacherRole[];
  logprobs?: number;
  priceIn?: number;
  priceOut?: number;
  rpm?: number;
  tpm?: number;
  stream?: boolean;
  replace?: boolean;
}

/** `--base-url` as init and teacher add take it. */
export function checkBaseUrl(baseUrl: string): void {
  if (baseUrl !== OFFLINE_BASE_URL && !/^https?:\/\//.test(baseUrl)) {
    throw new UsageError(`--base-url must start with http:// or https:// (or be '${OFFLINE_BASE_URL}'), got "${baseUrl}"`);
  }
}

export function checkApiKeyEnv(name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new UsageError(`--api-key-env takes the name of an environment variable, not a key (got "${name.slice(0, 4)}…")`);
  }
}

function parseRoles(value: string): TeacherRole[] {
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  const unknown = roles.find((role) => !(ASSIGNABLE_ROLES as readonly string[]).includes(role));
  if (roles.length === 0 || unknown !== undefined) {
    throw new InvalidArgumentError(`roles are a comma-separated list of: ${ASSIGNABLE_ROLES.join(', ')}.`);
  }
  return [...new Set(roles)] as TeacherRole[];
}

function teacherFromOptions(name: string, options: AddOptions): TeacherConfig {
  if (!TEACHER_NAME_PATTERN.test(name)) {
    throw new UsageError(`teacher name "${name}" must be letters, digits, '.', '_' or '-' (up to 40, starting with a letter or digit)`);
  }
  checkBaseUrl(options.baseUrl);
  if (options.apiKeyEnv) checkApiKeyEnv(options.apiKeyEnv);
  if ((options.priceIn === undefined) !== (options.priceOut === undefined)) {
    throw new UsageError('give both --price-in and --price-out (US dollars per million input and output tokens)');
  }
  return {
    name,
    baseUrl: options.baseUrl,
    model: options.model,
    ...(options.questionModel ? { questionModel: options.questionModel } : {}),
    ...(options.apiKeyEnv ? { apiKeyEnv: options.apiKeyEnv } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.rpm ? { rpm: options.rpm } : {}),
    ...(options.tpm ? { tpm: options.tpm } : {}),
    ...(options.weight !== undefined ? { weight: options.weight } : {}),
    roles: options.roles ?? ['answers'],
    ...(options.priceIn !== undefined && options.priceOut !== undefined
      ? {
          price: {
            inputPerMillion: options.priceIn,
            outputPerMillion: options.priceOut,
          },
        }
      : {}),
    ...(options.stream ? { stream: true } : {}),
    ...(options.logprobs ? { logprobs: { topK: options.logprobs } } : {}),
  };
}

/** The pool after a change, or a usage error saying why the change would leave it unusable. */
function changedPool(config: ProjectConfig, teachers: TeacherConfig[]): ProjectConfig {
  const next = withTeacherList(config, teachers);
  const problem = poolProblem(next);
  if (problem) throw new UsageError(`that would leave the pool unusable: ${problem}`);
  return next;
}

function describeTeacher(teacher: PoolTeacher, env: NodeJS.ProcessEnv): string {
  const price = teacher.price ? `$${teacher.price.inputPerMillion}/$${teacher.price.outputPerMillion} per M tokens` : 'no price';
  const key = isLoopbackUrl(teacher.baseUrl) ? 'no key needed' : `key ${teacher.apiKeyEnv}${env[teacher.apiKeyEnv] ? '' : ' (not set)'}`;
  const models = teacher.questionModel === teacher.model ? teacher.model : `${teacher.model} (questions: ${teacher.questionModel})`;
  const limits = [
    `concurrency ${teacher.concurrency}`,
    `weight ${teacher.weight}`,
    ...(teacher.rpm ? [`${teacher.rpm} rpm`] : []),
    ...(teacher.tpm ? [`${teacher.tpm} tpm`] : []),
    ...(teacher.logprobsTopK ? [`logprobs top ${teacher.logprobsTopK}${teacher.logprobsTokenIds ? ' with token ids' : ''}`] : []),
  ];
  return `${teacher.name}  ${models} @ ${teacher.baseUrl}\n    roles ${teacher.roles.join(', ')}; ${limits.join(', ')}; ${price}; ${key}`;
}

function teacherJson(teacher: PoolTeacher) {
  const { logprobsTopK, logprobsTokenIds, ...rest } = teacher;
  return { ...rest, logprobs: { topK: logprobsTopK, ...(logprobsTokenIds ? { tokenIds: true } : {}) } };
}

export function registerTeacher(program: Command, io: CliIO): void {
  const teacher = program.command('teacher').description('the teacher pool: several OpenAI-compatible endpoints sharing the work');

  withProjectOptions(teacher.command('add'))
    .description('add a teacher to the pool (it answers questions unless --roles says otherwise)')
    .argument('<name>', 'a short unique name, recorded on every candidate it writes')
    .requiredOption('--base-url <url>', "OpenAI-compatible base URL (…/v1), or 'offline' for the built-in teacher")
    .requiredOption('--model <name>', 'model that answers')
    .option('--question-model <name>', 'model that writes tags and questions on this endpoint (default: --model)')
    .option('--api-key-env <var>', "environment variable with this teacher's API key (default: the project's)")
    .option(
      '--concurrency <n>',
      "requests in flight at once to this teacher (default: the project's)",
      positiveInteger('--concurrency', 1024),
    )
    .option('--weight <w>', 'share of the work among teachers of the same role (default 1)', numberFrom('--weight', 0.001))
    .option('--roles <list>', 'comma-separated: answers, questions, judge (default: answers)', parseRoles)
    .option('--logprobs <k>', 'ask for the top K token log-probabilities (0 to 20)', integerFrom('--logprobs', 0, 20))
    .option('--price-in <usd>', 'US dollars per million input tokens', numberFrom('--price-in', 0))
    .option('--price-out <usd>', 'US dollars per million output tokens', numberFrom('--price-out', 0))
    .option('--rpm <n>', 'requests per minute the teacher allows', positiveInteger('--rpm', 10_000_000))
    .option('--tpm <n>', 'tokens per minute the teacher allows', positiveInteger('--tpm', 1_000_000_000))
    .option('--stream', 'ask this teacher for streamed responses')
    .option('--replace', 'replace a teacher of the same name')
    .action(async (name: string, options: AddOptions) => {
      const added = teacherFromOptions(name, options);
      const store = await openProject(options, io);
      try {
        await store.updateConfig((fresh) => {
          const teachers = listedTeachers(fresh);
          const at = teachers.findIndex((each) => each.name === name);
          if (at >= 0 && !options.replace) {
            throw new UsageError(`there is already a teacher "${name}": pass --replace to change it, or pick another name`);
          }
          if (at >= 0) teachers[at] = added;
          else teachers.push(added);
          return changedPool(fresh, teachers);
        });
        const pool = projectTeachers(store.config);
        if (options.json) printJson(io, { teachers: pool.map(teacherJson) });
        else
          io.stdout.write(
            `Teacher "${name}" ${options.replace ? 'set' : 'added'}; the pool has ${pool.length} teacher${pool.length === 1 ? '' : 's'}.\n`,
          );
      } finally {
        await store.close();
      }
    });

  withProjectOptions(teacher.command('list'))
    .description('the teachers of the pool, their roles, weights, limits and prices')
    .action(async (options: ProjectOptions) => {
      const store = await openProject(options, io);
      await store.close();
      const pool = projectTeachers(store.config);
      if (options.json) printJson(io, { teachers: pool.map(teacherJson) });
      else io.stdout.write(pool.map((each) => describeTeacher(each, io.env)).join('\n') + '\n');
    });

  withProjectOptions(teacher.command('remove'))
    .description('remove a teacher from the pool (its candidates stay)')
    .argument('<name>', 'the teacher to remove')
    .action(async (name: string, options: ProjectOptions) => {
      const store = await openProject(options, io);
      try {
        await store.updateConfig((fresh) => {
          const teachers = listedTeachers(fresh);
          if (!teachers.some((each) => each.name === name)) {
            throw new UsageError(`no teacher "${name}"; the pool has: ${teachers.map((each) => each.name).join(', ')}`);
          }
          return changedPool(
            fresh,
            teachers.filter((each) => each.name !== name),
          );
        });
        const pool = projectTeachers(store.config);
        if (options.json) printJson(io, { teachers: pool.map(teacherJson) });
        else io.stdout.write(`Teacher "${name}" removed; its candidates stay. The pool: ${pool.map((each) => each.name).join(', ')}.\n`);
      } finally {
        await store.close();
      }
    });
}
