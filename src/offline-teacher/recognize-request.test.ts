import { describe, expect, it } from 'vitest';
import { buildAnswerMessages, buildListRetryMessage, buildQuestionsMessages, buildTagsMessages } from '../llm/prompt-messages.js';
import { attemptOf, recognizeRequest, templatePattern } from './recognize-request.js';

describe('recognizeRequest reads our prompts back from the request body', () => {
  it.each(['en', 'zh'] as const)('a tags prompt in %s, with its variables', (language) => {
    const messages = buildTagsMessages({
      language,
      topic: 'Sports science',
      path: ['Sports science', 'Exercise physiology'],
      count: 12,
      siblings: ['Energy systems', 'Heart rate: zones'],
    });
    expect(recognizeRequest(messages)).toEqual({
      kind: 'tags',
      language,
      topic: 'Sports science',
      path: 'Sports science > Exercise physiology',
      count: 12,
      siblings: ['Energy systems', 'Heart rate: zones'],
    });
  });

  it('a questions prompt, existing questions included', () => {
    const messages = buildQuestionsMessages({ language: 'zh', path: '中医药学 > 方剂学', count: 3, existing: ['问题一？', '问题二？'] });
    expect(recognizeRequest(messages)).toEqual({
      kind: 'questions',
      language: 'zh',
      path: '中医药学 > 方剂学',
      count: 3,
      existing: ['问题一？', '问题二？'],
    });
  });

  it('an answer prompt whose question spans several lines', () => {
    const question = 'Given:\n- a 10 km race\n- halves of 25 and 24 minutes\nWhat is the finishing time?';
    expect(recognizeRequest(buildAnswerMessages({ language: 'en', question }))).toEqual({
      kind: 'answer',
      language: 'en',
      question,
      recognized: true,
    });
  });

  it('the first prompt of a re-ask, and counts the attempt', () => {
    const messages = [
      ...buildTagsMessages({ language: 'en', topic: 'Running', path: ['Running'], count: 3, siblings: [] }),
      { role: 'assistant' as const, content: "{'tags': ['x']}" },
      buildListRetryMessage({ language: 'en', problem: 'the reply contains no valid JSON', count: 3 }),
    ];
    expect(recognizeRequest(messages)).toMatchObject({ kind: 'tags', path: 'Running', count: 3 });
    expect(attemptOf(messages)).toBe(2);
  });

  it('treats any other prompt as a question to answer, guessing its language', () => {
    expect(recognizeRequest([{ role: 'user', content: '什么是气血？' }])).toEqual({
      kind: 'answer',
      language: 'zh',
      question: '什么是气血？',
      recognized: false,
    });
    expect(recognizeRequest([{ role: 'user', content: 'Explain VO2max.' }])).toMatchObject({
      kind: 'answer',
      language: 'en',
      recognized: false,
    });
  });
});

describe('templatePattern', () => {
  it('escapes regex characters in the template and requires a repeated variable to repeat', () => {
    const pattern = templatePattern('Put it in \\boxed{} (x+y)? {{a}} then {{a}}.');
    expect(pattern.exec('Put it in \\boxed{} (x+y)? one then one.')?.groups).toEqual({ a: 'one' });
    expect(pattern.test('Put it in \\boxed{} (x+y)? one then two.')).toBe(false);
  });
});
