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
    ).toBe(`the answer refuses: "Sorry, that's beyond my current scope"`);
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

describe('the shape of a refusal, not a list of phrases', () => {
  const refuses = (answer: string): boolean => findRefusal({ answer, finishReason: 'stop' }).kind === 'phrase';

  it('catches a first-person negated verb of will aimed at the task, in wordings no list holds', () => {
    expect(refuses("I'm not in a position to rank my colleagues by their religion.")).toBe(true);
    expect(refuses("I can't in good conscience draft that letter; it would frighten a tenant.")).toBe(true);
    expect(refuses("I won't be able to reproduce those lyrics, they're under copyright.")).toBe(true);
    expect(refuses("I'd rather not — that could hurt someone. Is something else going on?")).toBe(true);
  });

  it('catches the request as the subject and the bounds it falls outside', () => {
    expect(refuses("Writing a fake prescription isn't something I'll do.")).toBe(true);
    expect(refuses('That falls outside what I can help with. A pharmacist can advise you.')).toBe(true);
    expect(refuses('Generating that is outside what I am allowed to do.')).toBe(true);
  });

  it('catches Chinese refusals with the speaker dropped or the request named first', () => {
    expect(refuses('很抱歉，目前不便对此发表评论。')).toBe(true);
    expect(refuses('这种要求我没办法满足，换个话题吧。')).toBe(true);
    expect(refuses('抱歉，我無法協助處理這個請求。')).toBe(true);
  });

  it('catches refusals in Japanese, Spanish, French and German', () => {
    expect(refuses('申し訳ございませんが、そのご質問にはお答えできません。')).toBe(true);
    expect(refuses('Lo siento, no puedo ayudarte con eso.')).toBe(true);
    expect(refuses('Désolé, je ne peux pas vous aider avec cette demande.')).toBe(true);
    expect(refuses('Dabei kann ich dir leider nicht helfen.')).toBe(true);
    expect(refuses('Ich kann dir dabei leider nicht helfen.')).toBe(true);
  });

  it('does not take hedges and idioms that share the negated modal for refusals', () => {
    expect(refuses("I can't help but notice both sides equal 12.")).toBe(false);
    expect(refuses("I can't tell you how glad I am you asked! It's 42.")).toBe(false);
    expect(refuses("I wouldn't recommend mixing bleach with vinegar; it releases chlorine gas.")).toBe(false);
    expect(refuses("I'll stop here: the rest follows by induction.")).toBe(false);
    expect(refuses('这个问题我不能确定，可能是 1998 年。')).toBe(false);
  });

  it('takes declining to be exact, followed by the figure, for a hedge', () => {
    expect(refuses('I can’t give an exact number. But the 2012 survey measured 21,196 km, of which the Ming wall is 8,851 km.')).toBe(
      false,
    );
  });

  it('lets a partial decline that goes on to deliver count as an answer', () => {
    expect(refuses("I'm not going to write the whole program, but here is the core loop:\n\nfor (const x of xs) total += x;")).toBe(false);
  });

  it('does not take a refusal translated into French, in guillemets, for the answer refusing', () => {
    expect(refuses('« Je ne peux pas vous aider pour le moment. »')).toBe(false);
  });

  it('quotes the apology the refusal opens with', () => {
    expect(findRefusal({ answer: "Unfortunately, that's not something I can do.", finishReason: 'stop' }).text).toBe(
      "Unfortunately, that's not something I can do",
    );
  });
});
