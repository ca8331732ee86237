import { poolProblem } from '../core/teacher-pool-config.js';
import type { ProjectConfig } from '../core/types.js';
import { describeSchemaErrors, schemaValidator } from '../schemas/validator.js';
import { readDocument, writeDocument } from './json-document.js';
import { StoreError } from './store-error.js';

/** Checks a config object; returns the problems instead of throwing, so callers choose how to report. */
export function validateConfig(config: unknown): { config: ProjectConfig | null; errors: string | null } {
  const validate = schemaValidator<ProjectConfig>('config');
  if (validate(config)) {
    const problem = poolProblem(config);
    return problem ? { config: null, errors: problem } : { config, errors: null };
  }
  return { config: null, errors: describeSchemaErrors(validate.errors) };
}

export async function readConfig(file: string): Promise<ProjectConfig> {
  const data = await readDocument(file, (_value): _value is unknown => true);
  if (data === null) {
    throw new StoreError(`no distill project here: ${file} does not exist; run 'distill init DIR --topic TEXT' or pass --project DIR`, {
      file,
    });
  }
  const { config, errors } = validateConfig(data);
  if (!config) throw new StoreError(`${file} is not a valid project config: ${errors}; fix it by hand`, { file });
  return config;
}

export async function writeConfig(file: string, config: ProjectConfig): Promise<void> {
  const { errors } = validateConfig(config);
  if (errors) throw new StoreError(`refusing to write an invalid config to ${file}: ${errors}`, { file });
  await writeDocument(file, config);
}
