import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../core/package-paths.js';
import { schemaValidator } from './validator.js';

const names = readdirSync(packagePath('schemas'))
  .filter((file) => file.endsWith('.schema.json'))
  .map((file) => file.replace(/\.schema\.json$/, ''));

describe('the package schemas', () => {
  // The validator skips the meta-schema check at run time (it cost most of a second at start): it is done here.
  it.each(names)('%s is a valid JSON schema and compiles', (name) => {
    const schema = JSON.parse(readFileSync(packagePath('schemas', `${name}.schema.json`), 'utf8')) as object;
    const checker = new Ajv({ strict: false });
    expect(checker.validateSchema(schema), JSON.stringify(checker.errors)).toBe(true);
    expect(typeof schemaValidator(name)).toBe('function');
  });

  it('still reports a config that breaks the schema', () => {
    const validate = schemaValidator('config');
    expect(validate({ version: 1, topic: 42 })).toBe(false);
  });
});
