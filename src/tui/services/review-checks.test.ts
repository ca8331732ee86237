import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newProjectConfig } from '../../core/project-config.js';
import { ProjectStore } from '../../store/project-store.js';
import { createReviewChecks, rulesFromFields, thresholdFields } from './review-checks.js';
import { thresholdsForm } from '../review-forms.js';
import { DEFAULT_RULES, resolveRules, SETTINGS_GROUPS } from '../../checks/rules/rules-config.js';

describe('review checks', () => {
  it('round-trips the thresholds form', () => {
    const fields = thresholdFields(DEFAULT_RULES);
    expect(fields).toContainEqual(expect.objectContaining({ key: 'tooShort.reasoningTokens', value: 20 }));
    const values = Object.fromEntries(fields.map((field) => [field.key, field.value]));
    expect(resolveRules(rulesFromFields(values))).toEqual(DEFAULT_RULES);
  });

  it('offers every threshold of the rule table, each with its help', () => {
    const fields = thresholdFields(DEFAULT_RULES);
    for (const group of SETTINGS_GROUPS) {
      for (const name of Object.keys(group.fields)) {
        const field = fields.find((candidate) => candidate.key === `${group.key}.${name}`);
        expect(field?.help, `${group.key}.${name}`).toBeTruthy();
      }
    }
  });

  it('saves the default thresholds unchanged: the negative log-probability floor is within its bounds', () => {
    const form = thresholdsForm(thresholdFields(DEFAULT_RULES));
    expect(form.handleKey('enter', null)).toBe('submit');
    expect(form.error).toBeNull();
    // The bounds are the schema's: a value below lowConfidence's -20 is refused on the field.
    form.focus = form.fields.findIndex((field) => field.key === 'lowConfidence.minMeanLogprob');
    form.handleKey('C-u', null);
    form.handleKey(null, '-30');
    expect(form.handleKey('enter', null)).toBeNull();
    expect(form.error).toMatch(/lowConfidence\.minMeanLogprob must be a number from -20 to 0/);
  });

  it('stores valid thresholds in the project and refuses invalid ones', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'distill-review-checks-')), 'project');
    const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports', baseUrl: 'offline' }));
    try {
      const checks = createReviewChecks(store);
      await checks.setThresholds({ 'longParagraph.maxChars': '900', soft: 'long_paragraph, too_long' });
      expect(checks.thresholds()).toContainEqual(expect.objectContaining({ key: 'longParagraph.maxChars', value: 900 }));
      expect(store.config.rules).toEqual({ longParagraph: { maxChars: 900 }, soft: ['long_paragraph', 'too_long'] });
      await expect(checks.setThresholds({ soft: 'nonsense' })).rejects.toThrow(/soft\.0 must be equal to one of the allowed values/);
      expect(await checks.rerun()).toBe('0 candidates: 0 pass, 0 fail');
    } finally {
      await store.close();
    }
  });
});
