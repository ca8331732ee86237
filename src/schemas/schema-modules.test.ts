import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { newProjectConfig } from '../core/project-config.js';
import { packagePath } from '../core/package-paths.js';
import { writeSchemaModules } from './schema-modules.js';
import { newAjv } from './schema-options.js';
import { describeSchemaErrors } from './validator.js';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);

describe('precompiled schema validators', () => {
  it('judge configs and rules exactly as Ajv compiling the schema does, with the same error messages', async () => {
    // Inside the package, as dist/ is: the modules require Ajv's runtime helpers from its node_modules.
    await mkdir(packagePath('.cache'), { recursive: true });
    const dir = await mkdtemp(packagePath('.cache', 'schema-modules-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const names = writeSchemaModules(packagePath('schemas'), dir);
    expect(names).toEqual(expect.arrayContaining(['config', 'rules', 'fixtures', 'tag-list', 'question-list']));
    const valid = newProjectConfig({ topic: 'Sports science', baseUrl: 'offline' });
    const cases: [string, unknown][] = [
      ['config', valid],
      ['config', { ...valid, version: 'two' }],
      ['config', { ...valid, surprise: true }],
      ['config', { topic: 'no teacher' }],
      ['rules', { duplicateQuestion: { minSimilarity: 0.8 } }],
      ['rules', { duplicateQuestion: { minSimilarity: 2 } }],
      ['rules', { soft: ['no_such_rule'] }],
      ['rules', { tooShort: { reasoningTokens: -1, extra: 1 } }],
    ];
    const outcomes = new Set<boolean>();
    for (const [name, input] of cases) {
      const fresh = newAjv().compile(JSON.parse(readFileSync(packagePath('schemas', `${name}.schema.json`), 'utf8')) as object);
      const built = require(join(dir, `${name}.cjs`)) as typeof fresh & { sourceHash: string };
      expect(built.sourceHash).toMatch(/^[0-9a-f]{40}$/);
      expect(built(input)).toBe(fresh(input));
      outcomes.add(fresh(input));
      expect(describeSchemaErrors(built.errors)).toBe(describeSchemaErrors(fresh.errors));
    }
    expect([...outcomes].sort()).toEqual([false, true]);
  });
});
