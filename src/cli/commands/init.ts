import { type Command } from 'commander';
import { newProjectConfig, OFFLINE_BASE_URL } from '../../core/project-config.js';
import type { Language } from '../../core/types.js';
import { ProjectStore } from '../../store/project-store.js';
import type { CliIO } from '../cli-io.js';
import { UsageError } from '../../core/distill-error.js';
import { oneOf, positiveInteger } from '../project-options.js';
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
    .option('--json', 'print the new config as JSON')
    .action(async (dir: string, options: InitOptions) => {
      if (!options.topic.trim()) throw new UsageError('--topic cannot be empty');
      if (options.apiKeyEnv && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.apiKeyEnv)) {
        throw new UsageError(
          `--api-key-env takes the name of an environment variable, not a key (got "${options.apiKeyEnv.slice(0, 4)}…")`,
        );
      }
      const baseUrl = options.baseUrl ?? io.env.OPENAI_BASE_URL ?? undefined;
      if (baseUrl && baseUrl !== OFFLINE_BASE_URL && !/^https?:\/\//.test(baseUrl)) {
        throw new UsageError(`--base-url must start with http:// or https:// (or be '${OFFLINE_BASE_URL}'), got "${baseUrl}"`);
      }
      const config = newProjectConfig({
        topic: options.topic,
        language: options.language,
        ...(baseUrl ? { baseUrl } : {}),
        ...(options.model ? { model: options.model } : {}),
        ...(options.questionModel ? { questionModel: options.questionModel } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.apiKeyEnv ? { apiKeyEnv: options.apiKeyEnv } : {}),
        ...(options.stream ? { stream: true } : {}),
      });
      const store = await ProjectStore.create(resolve(io.cwd, dir), config);
      await store.close();
      if (options.json) {
        io.stdout.write(JSON.stringify({ project: store.dir, config }) + '\n');
        return;
      }
      io.stdout.write(
        `Created ${store.dir}: topic "${config.topic}" (${config.language}), teacher ${config.teacher.model} at ${config.teacher.baseUrl}.\n`,
      );
      if (config.teacher.baseUrl !== OFFLINE_BASE_URL && !io.env[config.apiKeyEnv]) {
        io.stdout.write(`Note: ${config.apiKeyEnv} is not set; set it before generating (the key is read at run time, never saved).\n`);
      }
      io.stdout.write(`Next: distill auto --project ${dir}\n`);
    });
}
