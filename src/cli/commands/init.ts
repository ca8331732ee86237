import { type Command } from 'commander';
import { newProjectConfig } from '../../core/project-config.js';
import { checkApiKeyEnv, checkBaseUrl } from './teacher.js';
import type { Language } from '../../core/types.js';
import { ProjectStore } from '../../store/project-store.js';
import { type CliIO, printJson } from '../cli-io.js';
import { UsageError } from '../../core/distill-error.js';
import { integerFrom, oneOf, positiveInteger } from '../project-options.js';
import { primaryTeacher } from '../../core/teacher-pool-config.js';
import { isLoopbackUrl } from '../../llm/api-key.js';
import { resolve } from 'node:path';

interface InitOptions {
  topic: string;
  language: Language;
  baseUrl?: string;
  model?: string;
  questionModel?: string;
  concurrency?: number;
  apiKeyEnv?: string;
  stream?: boolean;
  logprobs?: number;
  json?: boolean;
}

export function registerInit(program: Command, io: CliIO): void {
  program
    .command('init')
    .description('create a project')
    .argument('<dir>', 'folder of the new project (created if missing)')
    .requiredOption('--topic <text>', 'the domain to distil, e.g. "Sports science"')
    .option('--language <lang>', 'language of questions and answers: en or zh', oneOf(['en', 'zh'] as const), 'en')
    .option('--base-url <url>', "OpenAI-compatible base URL (default: $OPENAI_BASE_URL, then OpenAI's); 'offline' for the built-in teacher")
    .option('--model <name>', 'teacher model that answers the questions')
    .option('--question-model <name>', 'model that writes tags and questions (default: the teacher model)')
    .option('--concurrency <n>', 'requests in flight at once, for all stages (default 8)', positiveInteger('--concurrency', 1024))
    .option('--api-key-env <var>', 'environment variable that holds the API key (default OPENAI_API_KEY)')
    .option('--stream', 'ask the teacher for streamed responses')
    .option(
      '--logprobs <k>',
      'ask the teacher for the top K token log-probabilities (0 to 20; default 0: none)',
      integerFrom('--logprobs', 0, 20),
    )
    .option('--json', 'print the new config as JSON')
    .action(async (dir: string, options: InitOptions) => {
      if (!options.topic.trim()) throw new UsageError('--topic cannot be empty');
      if (options.apiKeyEnv) checkApiKeyEnv(options.apiKeyEnv);
      const baseUrl = options.baseUrl ?? io.env.OPENAI_BASE_URL ?? undefined;
      if (baseUrl) checkBaseUrl(baseUrl);
      const config = newProjectConfig({
        topic: options.topic,
        language: options.language,
        ...(baseUrl ? { baseUrl } : {}),
        ...(options.model ? { model: options.model } : {}),
        ...(options.questionModel ? { questionModel: options.questionModel } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.apiKeyEnv ? { apiKeyEnv: options.apiKeyEnv } : {}),
        ...(options.stream ? { stream: true } : {}),
        ...(options.logprobs ? { logprobs: options.logprobs } : {}),
      });
      const store = await ProjectStore.create(resolve(io.cwd, dir), config);
      await store.close();
      if (options.json) {
        printJson(io, { project: store.dir, config });
        return;
      }
      const teacher = primaryTeacher(config);
      io.stdout.write(
        `Created ${store.dir}: topic "${config.topic}" (${config.language}), teacher "${teacher.name}": ${teacher.model} at ${teacher.baseUrl}.\n`,
      );
      if (!isLoopbackUrl(teacher.baseUrl) && !io.env[config.apiKeyEnv]) {
        io.stdout.write(`Note: ${config.apiKeyEnv} is not set; set it before generating (the key is read at run time, never saved).\n`);
      }
      io.stdout.write(`Next: distill auto --project ${dir}\n`);
    });
}
