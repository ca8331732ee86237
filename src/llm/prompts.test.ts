import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../core/types.js';
import { buildAnswerMessages, buildQuestionsMessages, buildTagsMessages, formatPromptList, parsePromptList } from './prompt-messages.js';
import { loadPromptTemplate, PROMPT_NAMES, renderTemplate, templateVariables } from './prompts.js';

describe('prompt templates', () => {
  it('exist in every language with the same variables', () => {
    for (const name of PROMPT_NAMES) {
      const [en, ...others] = LANGUAGES.map((language) => new Set(templateVariables(loadPromptTemplate(language, name))));
      for (const other of others) expect(other, name).toEqual(en);
    }
  });

  it('render every placeholder and refuse to leave one unfilled', () => {
    expect(renderTemplate('{{a}} and {{b}}, {{a}}', { a: 1, b: 'two' })).toBe('1 and two, 1');
    expect(() => renderTemplate('{{a}} {{missing}}', { a: 1 })).toThrow('{{missing}}');
  });

  it('do not re-expand placeholders that appear inside a value', () => {
    expect(renderTemplate('Q: {{question}}', { question: 'what is {{x}}?' })).toBe('Q: what is {{x}}?');
  });
});

describe('prompt messages', () => {
  it('ask for exactly N sub-topics of the full path and list the siblings to avoid', () => {
    const [system, user] = buildTagsMessages({
      language: 'en',
      topic: 'Sports science',
      path: ['Sports science', 'Exercise physiology'],
      count: 7,
      siblings: ['Energy systems', 'Thermoregulation'],
    });
    expect(system!.role).toBe('system');
    expect(user!.content).toContain('Sports science > Exercise physiology');
    expect(user!.content).toContain('exactly 7 sub-topics');
    expect(user!.content).toContain('- Energy systems\n- Thermoregulation');
    expect(user!.content).not.toContain('{{');
  });

  it('write Chinese prompts for a Chinese project, with a Chinese "none" marker', () => {
    const [, user] = buildQuestionsMessages({ language: 'zh', path: '中医药学 > 方剂学', count: 4, existing: [] });
    expect(user!.content).toContain('恰好 4 个新问题');
    expect(user!.content).toContain('（无）');
    expect(user!.content).toContain('使用简体中文书写');
  });

  it('put the question first in the answer prompt and ask for \\boxed{} in the project language', () => {
    const [system, user] = buildAnswerMessages({ language: 'en', question: 'What is 6 x 7?' });
    expect(system!.content).toContain('English');
    expect(user!.content.startsWith('What is 6 x 7?\n\n')).toBe(true);
    expect(user!.content).toContain('\\boxed{}');
  });

  it('keep only the newest existing questions so the prompt stays bounded', () => {
    const existing = Array.from({ length: 200 }, (_, i) => `Question number ${i}?`);
    const [, user] = buildQuestionsMessages({ language: 'en', path: 'A > B', count: 3, existing });
    expect(user!.content).toContain('Question number 199?');
    expect(user!.content).not.toContain('Question number 0?');
  });

  it('list items one per line so they can be read back, even with newlines inside', () => {
    const items = ['first\nline', 'second'];
    expect(parsePromptList(formatPromptList(items, 'en'))).toEqual(['first line', 'second']);
    expect(parsePromptList(formatPromptList([], 'zh'))).toEqual([]);
  });
});
