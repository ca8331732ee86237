import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, loadRulesFile, resolveRules } from './rules-config.js';

describe('rule settings', () => {
  it('fills every missing key with its documented default', () => {
    expect(resolveRules({})).toEqual(DEFAULT_RULES);
    const rules = resolveRules({ tooLong: { answerTokens: 100 }, soft: ['long_paragraph'] });
    expect(rules.tooLong).toEqual({ ...DEFAULT_RULES.tooLong, answerTokens: 100 });
    expect(rules.soft).toEqual(['long_paragraph']);
  });

  it('rejects unknown rule ids and keys, saying where', () => {
    expect(() => resolveRules({ soft: ['spelling'] }, 'distill.json "rules"')).toThrow(
      /^distill\.json "rules": soft\.0 must be equal to one of the allowed values/,
    );
    expect(() => resolveRules({ tooShort: { words: 3 } })).toThrow(/tooShort must NOT have additional properties 'words'/);
  });

  it('lets a --rules file override the project key by key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-rules-'));
    const file = join(dir, 'rules.json');
    await writeFile(file, JSON.stringify({ language: { mixedMinSpanUnits: 8 } }));
    const project = resolveRules({ language: { wrongMaxExpectedShare: 0.1 } });
    const rules = await loadRulesFile(file, project);
    expect(rules.language).toEqual({ minProseUnits: 3, wrongMaxExpectedShare: 0.1, mixedMinSpanUnits: 8 });
  });
});
