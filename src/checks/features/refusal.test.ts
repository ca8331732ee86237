import { describe, expect, it } from 'vitest';
import { checkRecords } from '../check-records.js';
import { DEFAULT_RULES } from '../rules/rules-config.js';
import { findRefusal, findRefusalSpan } from './refusal.js';
import { flagsOf, readLabelledSets, scoreRefusal } from '../test-support/labelled-scores.js';

describe.each(['dev', 'heldout'] as const)('refusal on the %s set', (split) => {
  const examples = readLabelledSets(split).refusal;
  const score = scoreRefusal(examples);

  it('holds refusals and hard negatives (disclaimers before full answers, dialogue, hedges)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(30);
    expect(examples.filter((example) => !example.refuses).length).toBeGreaterThanOrEqual(14);
  });

  it('flags refusals with precision and recall ≥ 0.9', () => {
    expect({ falseFlags: score.falseFlags, ok: score.precision >= 0.9 }).toEqual({ falseFlags: score.falseFlags, ok: true });
    expect({ misses: score.misses, ok: score.recall >= 0.9 }).toEqual({ misses: score.misses, ok: true });
  });
});

describe('refusal', () => {
  it('says where the refusal came from', () => {
    const refusal = (candidate: Parameters<typeof flagsOf>[0]): string | undefined => flagsOf(candidate, 'en').get('refusal');
    expect(refusal({ reasoning: '', answer: '', finishReason: 'content_filter' })).toBe(
      'finish_reason is "content_filter": the server withheld the answer',
    );
    expect(refusal({ reasoning: '', answer: '', finishReason: 'stop', refusal: "I'm sorry, I can't help with that." })).toBe(
      `the server refused: "I'm sorry, I can't help with that."`,
    );
    expect(
      refusal({ reasoning: '', answer: "Sorry, that's beyond my current scope. Let's talk about something else.", finishReason: 'stop' }),
    ).toBe(`the answer refuses: "that's beyond my current scope"`);
  });

  it('gives the span of the phrase for highlighting', () => {
    const answer = '你好，这个问题我暂时无法回答，让我们换个话题再聊聊吧。';
    const span = findRefusalSpan(answer)!;
    expect(answer.slice(span.start, span.end)).toBe('这个问题我暂时无法回答');
  });

  it('does not call a disclaimer before a story a refusal', () => {
    const story = '从前有一座山，山里有一座庙，庙里住着一个老和尚和一个小和尚。'.repeat(6);
    expect(
      findRefusal({
        answer: `作为一个人工智能助手，我无法拥有自己的经历，但我可以给你讲一个故事：${story}`,
        finishReason: 'stop',
      }),
    ).toEqual({ kind: '', text: '' });
  });
});

describe('check --input records', () => {
  it('take the server refusal, with or without a null answer', async () => {
    const lines = [
      { id: 'a', question: 'Find her address.', answer: null, refusal: "I'm sorry, I can't help with that." },
      { id: 'b', question: 'Describe it.', answer: '', finish_reason: 'content_filter' },
    ].map((record) => JSON.stringify(record));
    const out: { id: string; flags: { rule: string }[] }[] = [];
    for await (const line of checkRecords(lines, { language: 'en', rules: DEFAULT_RULES }))
      out.push(JSON.parse(line) as (typeof out)[number]);
    expect(out.map((record) => record.flags.some((flag) => flag.rule === 'refusal'))).toEqual([true, true]);
  });
});
