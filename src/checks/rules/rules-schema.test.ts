import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../core/package-paths.js';
import { rulesSchemaText } from './rules-schema.js';

describe('schemas/rules.schema.json', () => {
  it('is what the rule table generates (after a change to rule-table.ts, run npm run schemas)', () => {
    expect(readFileSync(packagePath('schemas', 'rules.schema.json'), 'utf8')).toBe(rulesSchemaText());
  });
});
