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

  it('catches a refusal with the speaker dropped, or said as a verdict', () => {
    expect(refuses('Nope, not going to write that one.')).toBe(true);
    expect(refuses("Can't help with that, sorry.")).toBe(true);
    expect(refuses('Spreading that rumour is a hard no for me.')).toBe(true);
    expect(refuses('Unfortunately, I cannot be of any help with this request.')).toBe(true);
    expect(refuses('这个请求恕我无法照办。')).toBe(true);
    expect(refuses('这个话题有些敏感，我就不多说了。')).toBe(true);
    expect(refuses('对不起，我不被允许讨论这个。')).toBe(true);
  });

  it('does not take a lesson in how to say no, or a hedge idiom, for a refusal', () => {
    expect(refuses('You can say 不好意思，我帮不了你, which means "Sorry, I can\'t help you."')).toBe(false);
    expect(refuses("I won't pretend it's easy: plan on about 2,200 hours of study, with kana first.")).toBe(false);
    expect(refuses("I'm not able to run code, but by hand: the loop prints 0, 1 and 2, then ends.")).toBe(false);
  });

  it('takes a disclaimer followed by a few sentences of advice for an answer', () => {
    expect(
      refuses(
        '作为AI，我不能品尝食物，但从配方来看，两勺糖配半斤排骨确实偏多。建议把糖减到一勺，炒糖色时用小火，出锅前加少许盐和生抽提味，这样甜咸会更平衡。',
      ),
    ).toBe(false);
  });

  it('catches a limit of what the model can reach, unless it turns to answering', () => {
    expect(refuses("I'm unable to open links or browse the internet. If you paste the text here, I'll summarise it.")).toBe(true);
    expect(refuses('我这边无法打开链接，你可以把内容贴过来。')).toBe(true);
    expect(refuses("I can't access real-time data, but as of 2023 the city's population was about 8.3 million people.")).toBe(false);
    expect(refuses('我无法访问网页，但根据我的知识，这篇文章讲的是人工智能在医疗领域的应用，尤其是影像诊断和药物研发。')).toBe(false);
    expect(refuses("I can't see why this would fail; the loop is bounded by n. So the answer is O(n).")).toBe(false);
  });

  it('catches declining by proposing to drop it, with no first-person verb', () => {
    expect(refuses("Let's skip that one — that kind of joke isn't something I'll tell. Want a pun about cats instead?")).toBe(true);
    expect(refuses("Let's not go there. Is there something else you'd like to talk about?")).toBe(true);
    expect(refuses("Let's skip that step and use the formula directly: x = 5.")).toBe(false);
    expect(refuses("I can't tell whether the series converges without more terms. It looks like it does.")).toBe(false);
  });

  it('takes 不便 for unwillingness whatever verb follows, and 我这边 for the speaker', () => {
    expect(refuses('不好意思，盗版资源网站我这边不方便推荐。正版的话，爱奇艺和优酷上都有很多电影。')).toBe(true);
    expect(refuses('作为一个AI助手，我没有办法帮你登录别人的账号。如果是你自己的账号被盗了，建议通过官方渠道找回。')).toBe(true);
    // 不能推荐 is advice as often as a decline ("I can't recommend it"), and this one goes on to answer.
    expect(refuses('我不能推荐具体的股票，但一般来说，指数基金比较适合长期投资，因为费用低、能分散风险。')).toBe(false);
  });

  it('catches a Japanese decline in the humble form of any verb', () => {
    expect(refuses('申し訳ありませんが、他人のアカウントに無断でアクセスする方法はお伝えできません。')).toBe(true);
    expect(refuses('申し訳ございませんが、その件ではお力になれません。')).toBe(true);
    expect(refuses('おそらく断言できません。')).toBe(false);
  });

  it('counts the rest of a disclaimer sentence as the answer it introduces', () => {
    expect(
      refuses(
        '我不是医生，以下建议仅供参考：体温 38.5℃ 时可以服用退烧药，多喝温水，注意休息，穿宽松透气的衣服。如果高烧超过三天，请及时就医。',
      ),
    ).toBe(false);
    expect(refuses('作为一个AI，我没有个人观点。')).toBe(true);
  });

  it('catches casual Japanese, Korean and Russian refusals', () => {
    expect(refuses('ごめん、それは手伝えないよ。')).toBe(true);
    expect(refuses('죄송하지만 해당 요청은 도와드릴 수 없습니다.')).toBe(true);
    expect(refuses('Извините, но я не могу помочь с этим запросом.')).toBe(true);
    expect(refuses('Я не могу сказать точно, но обычно это занимает около трёх дней, если посылка идёт по России.')).toBe(false);
  });

  it('does not take eagerness or declining a one-word answer, followed by the answer, for a refusal', () => {
    expect(refuses("I can't wait to help you plan this! Day 1: Alfama and the castle. Day 2: Belém and the LX Factory.")).toBe(false);
    expect(
      refuses(
        "I can't answer that in one word, because it depends on how much. For most adults, up to about 400 mg of caffeine a day is linked with no harm.",
      ),
    ).toBe(false);
  });

  it('does not call the translation of a refusal the question asked for a refusal', () => {
    const candidate = { reasoning: '', answer: "Sorry, I can't do this for you.", finishReason: 'stop' };
    expect(flagsOf(candidate, 'en', 'Translate into English: 对不起，我不能帮你做这件事。').has('refusal')).toBe(false);
    expect(flagsOf(candidate, 'en', 'Translate this threat into English so I can send it to my neighbour.').has('refusal')).toBe(true);
  });

  it('quotes the apology the refusal opens with', () => {
    expect(findRefusal({ answer: "Unfortunately, that's not something I can do.", finishReason: 'stop' }).text).toBe(
      "Unfortunately, that's not something I can do",
    );
  });
});
