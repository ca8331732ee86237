import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../features/extract-features.js';
import { FeatureTable, NO_QUESTION_CONTEXT } from '../features/feature-table.js';
import { DEFAULT_RULES } from '../rules/rules-config.js';
import { describeFlags, evaluateRules } from '../rules/rules.js';
import { readLabelled, type LanguageExample } from '../test-support/labelled-sets.js';

/** The language flags of `text` checked as an answer (with a plausible trace in the same language). */
function languageFlags(text: string, language: 'en' | 'zh'): Record<string, string> {
  const features = extractFeatures({ reasoning: '', answer: text, finishReason: 'stop' }, language);
  const table = FeatureTable.fromRows([{ id: 'x', language, hash: '', questionKey: 'q', features, context: NO_QUESTION_CONTEXT }]);
  const mask = evaluateRules(table, DEFAULT_RULES)[0]!;
  const flags: Record<string, string> = {};
  for (const flag of describeFlags(table, 0, mask, DEFAULT_RULES)) {
    if (flag.rule === 'mixed_language' || flag.rule === 'wrong_language') flags[flag.rule] = flag.detail;
  }
  return flags;
}

describe('mixed_language and wrong_language on the held-out set (never used for tuning)', () => {
  const examples = readLabelled<LanguageExample>('language-heldout.jsonl');
  const results = examples.map((example) => ({ example, flags: languageFlags(example.text, example.language) }));

  it('has enough labelled texts to mean something', () => {
    expect(examples.length).toBeGreaterThanOrEqual(60);
  });

  it('flags language mixing with precision ≥ 0.95 and recall ≥ 0.9', () => {
    const truePositives = results.filter(({ example, flags }) => example.mixed && flags.mixed_language).length;
    const flagged = results.filter(({ flags }) => flags.mixed_language).length;
    const actual = results.filter(({ example }) => example.mixed).length;
    expect(truePositives / flagged).toBeGreaterThanOrEqual(0.95);
    expect(truePositives / actual).toBeGreaterThanOrEqual(0.9);
  });

  it('flags every wholly-other-language text as wrong_language and nothing else', () => {
    const wrongly = results.filter(({ example, flags }) => example.wrong !== 'wrong_language' in flags).map(({ example }) => example.id);
    expect(wrongly).toEqual([]);
  });
});

describe('language edges', () => {
  it('quotes the English sentence a Chinese trace switches to', () => {
    const flags = languageFlags(
      '首先计算配速，全程用时三小时。Now let me double-check this calculation by converting everything into seconds.',
      'zh',
    );
    expect(flags.mixed_language).toContain('answer switches to en: "Now let me double-check this calculation');
  });

  it('quotes the Chinese sentence an English answer ends in', () => {
    const flags = languageFlags('The total distance is three laps of 400 m, which is 1200 m. 因此总距离是一千二百米。', 'en');
    expect(flags.mixed_language).toMatch(/switches to zh: "因此总距离是一千二百米/);
  });

  it('catches an English answer that ends in Spanish', () => {
    const flags = languageFlags(
      'Drink about 500 ml per hour during long runs. Sin embargo, la cantidad depende del calor y del peso del corredor.',
      'en',
    );
    expect(flags.mixed_language).toContain('switches to es');
  });

  it('does not count technical terms, code, LaTeX and URLs inside Chinese as a switch', () => {
    const text =
      '用 Python 的 `pandas.read_csv()` 读取数据，计算 VO2max 和 HRV，公式为 $v = \\frac{d}{t}$，参考 https://www.who.int/health-topics 。NBA 球员的 ATP 消耗也很高。\n```js\nconst pace = seconds / km; // the pace of the runner in seconds\n```';
    expect(languageFlags(text, 'zh')).toEqual({});
  });

  it('does not call short English Scots, or anything else', () => {
    for (const text of ['Good question.', 'Yes, that is correct.', 'Answer: B', 'Ok.', 'The answer is 12.']) {
      expect(languageFlags(text, 'en')).toEqual({});
    }
  });

  it('treats a quoted English title inside Chinese as a citation', () => {
    expect(languageFlags('论文《Training Load and the Risk of Injury in Elite Runners》发表于 2016 年。', 'zh')).toEqual({});
  });

  it('sees a switch into Japanese inside Chinese (kana among kanji)', () => {
    const flags = languageFlags('半夏畏生姜，生姜杀半夏毒。これは同じ配伍関係を二つの側面から述べたものです。', 'zh');
    expect(flags.mixed_language).toContain('switches to ja');
  });

  it('calls a wholly English answer in a Chinese project wrong_language, not mixed', () => {
    const flags = languageFlags('Strength training improves running economy by increasing tendon stiffness.', 'zh');
    expect(flags.wrong_language).toContain('answer is in en, not zh');
    expect(flags.mixed_language).toBeUndefined();
  });

  it('lets a short Chinese term stand in an English answer', () => {
    expect(languageFlags('In TCM, qi (气) flows through the meridians; Zusanli (足三里) strengthens the spleen.', 'en')).toEqual({});
  });
});
