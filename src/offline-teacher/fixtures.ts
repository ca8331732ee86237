import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { packagePath } from '../core/package-paths.js';
import { PATH_SEPARATOR } from '../core/tag-path.js';
import type { Difficulty, Language } from '../core/types.js';
import { describeSchemaErrors, schemaValidator } from '../schemas/validator.js';
import { DistillError } from '../core/distill-error.js';

export interface FixtureQuestion {
  text: string;
  difficulty: Difficulty;
  reference?: string;
  /** Test metadata, never sent: the earlier question this one nearly repeats. */
  duplicate_of?: string;
  note?: string;
}

export interface FixtureAnswer {
  reasoning: string;
  answer: string;
  finish_reason: 'stop' | 'length';
  /** Test metadata, never sent: the rule id(s) this answer should trip, null for a good one. */
  flaw: string | string[] | null;
  note?: string;
}

/** Recorded teacher content: schemas/fixtures.schema.json. */
export interface FixtureSet {
  language: Language;
  topic: string;
  /** Full path (topic first, joined with " > ") -> sub-topic names. */
  tags: Record<string, string[]>;
  /** Full path of a leaf tag -> its questions. */
  questions: Record<string, FixtureQuestion[]>;
  /** Exact question text -> answers by sample index. */
  answers: Record<string, FixtureAnswer[]>;
}

/** A fixture file that cannot be used; the message names the file. */
export class FixtureError extends DistillError {
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super(`fixture ${source}: ${detail}`);
    this.name = 'FixtureError';
  }
}

export async function loadFixtureFile(file: string): Promise<FixtureSet> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new FixtureError(file, err instanceof SyntaxError ? `not valid JSON: ${err.message}` : (err as Error).message);
  }
  return validateFixtureSet(data, file).fixture;
}

/** Every `demo-*.json` in the folder (default: the package's fixtures/); none is fine. */
export async function loadDefaultFixtures(dir = packagePath('fixtures')): Promise<FixtureSet[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const files = names.filter((name) => /^demo-.*\.json$/.test(name)).sort();
  return Promise.all(files.map((name) => loadFixtureFile(join(dir, name))));
}

/**
 * Schema errors and paths outside the topic are errors (the set cannot be replayed as meant);
 * answers nobody can ask for and questions without answers are warnings.
 */
export function validateFixtureSet(data: unknown, source: string): { fixture: FixtureSet; warnings: string[] } {
  const validate = schemaValidator<FixtureSet>('fixtures');
  if (!validate(data)) throw new FixtureError(source, describeSchemaErrors(validate.errors));
  const fixture = data;
  const outside = [...Object.keys(fixture.tags), ...Object.keys(fixture.questions)].find(
    (path) => path !== fixture.topic && !path.startsWith(fixture.topic + PATH_SEPARATOR),
  );
  if (outside !== undefined) {
    throw new FixtureError(source, `path "${outside}" does not start with the topic "${fixture.topic}"`);
  }
  const questionTexts = new Set(Object.values(fixture.questions).flatMap((list) => list.map((q) => q.text)));
  const warnings = [
    ...Object.keys(fixture.answers)
      .filter((text) => !questionTexts.has(text))
      .map((text) => `answers for a question no path lists: "${text.slice(0, 60)}"`),
    ...[...questionTexts]
      .filter((text) => !fixture.answers[text])
      .map((text) => `no answers for "${text.slice(0, 60)}" (they will be synthesised)`),
  ];
  return { fixture, warnings: warnings.map((warning) => `${basename(source)}: ${warning}`) };
}
