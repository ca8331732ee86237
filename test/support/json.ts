// JSON for tests: the caller names the shape it expects, so a test reads typed fields (and the
// linter sees no `any`); the assertions that follow are what check the shape.
import { readFile } from 'node:fs/promises';

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export async function readJson<T>(path: string): Promise<T> {
  return parseJson<T>(await readFile(path, 'utf8'));
}

/** Every line of a JSONL file; the file must end with a newline, as every file distill writes does. */
export async function readJsonLines<T>(path: string): Promise<T[]> {
  return parseJsonLines<T>(await readFile(path, 'utf8'));
}

export function parseJsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => parseJson<T>(line));
}
