import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { ProjectStore } from '../store/project-store.js';
import type { ProjectStoreApi } from '../store/store-api.js';
import type { CliIO } from './cli-io.js';

export interface ProjectOptions {
  project?: string;
  json?: boolean;
  debug?: boolean;
}

/** Options every project command takes (README, Commands). */
export function withProjectOptions(command: Command): Command {
  return command
    .option('--project <dir>', 'project folder (default: the current folder)')
    .option('--json', 'print one JSON document on stdout instead of text')
    .option('--debug', 'print stack traces of internal errors');
}

export function projectDir(options: ProjectOptions, io: CliIO): string {
  return resolve(io.cwd, options.project ?? '.');
}

export function openProject(options: ProjectOptions, io: CliIO): Promise<ProjectStoreApi> {
  return ProjectStore.open(projectDir(options, io));
}

export function positiveInteger(name: string, max = 1_000_000) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}.`);
    }
    return parsed;
  };
}

export function integerFrom(name: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    }
    return parsed;
  };
}

/** A number of at least `min` (fractions allowed), for prices, budgets and seconds. */
export function numberFrom(name: string, min: number, what = 'a number') {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${name} must be ${what} of at least ${min}.`);
    }
    return parsed;
  };
}

export function oneOf<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of: ${values.join(', ')}.`);
    return value as T;
  };
}
