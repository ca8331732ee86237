import { describe, expect, it } from 'vitest';
import { stringMatching } from '../../test/support/matchers.js';
import { CheckInputError, checkRecords, type CheckInputRecord, type CheckOutputRecord } from './check-records.js';
import { DEFAULT_RULES, mergeRules, type Rules } from './rules/rules-config.js';

const TRACE_EN =
  'First I recall the definition and the numbers given in the question, then I work through the steps one at a time and check the units before answering.';
const QUESTIONS = [
  'Which energy system dominates a 100 m sprint?',
  'How does altitude training change red blood cell mass?',
  '为什么耐力运动员需要补充碳水化合物？',
  'What limits maximal oxygen uptake in trained cyclists?',
  '针灸足三里有什么作用？',
  'How should a marathon runner taper before the race?',
];

const TRACE_ZH =
  '首先回顾题目给出的定义和数值，然后一步一步地推导，并在作答之前检查单位是否一致，确保结论可靠。最后再整理成简洁的答案，方便读者理解整个推理过程。';

async function check(
  records: Partial<CheckInputRecord>[],
  options: { language?: 'en' | 'zh'; rules?: Rules } = {},
): Promise<CheckOutputRecord[]> {
  const language = options.language ?? 'en';
  function* lines(): Iterable<string> {
    for (const [index, record] of records.entries()) {
      yield JSON.stringify({
        id: `c${index}`,
        question: QUESTIONS[index % QUESTIONS.length]!,
        reasoning: language === 'en' ? TRACE_EN : TRACE_ZH,
        answer: 'A clean answer.',
        finish_reason: 'stop',
        ...record,
      });
    }
  }
  const out: CheckOutputRecord[] = [];
  for await (const line of checkRecords(lines(), { language, rules: options.rules ?? DEFAULT_RULES }))
    out.push(JSON.parse(line) as CheckOutputRecord);
  return out;
}

const rulesOf = (record: CheckOutputRecord): string[] => record.flags.map((flag) => flag.rule);

describe('checkRecords: one labelled example per rule', () => {
  it('passes clean candidates in English and Chinese', async () => {
    expect((await check([{}]))[0]).toMatchObject({ verdict: 'pass', flags: [] });
    expect((await check([{ answer: '答案是肌糖原。' }], { language: 'zh' }))[0]).toMatchObject({ verdict: 'pass', flags: [] });
  });

  it('format: empty answer; stray </think>', async () => {
    const [empty, stray] = await check([{ answer: '   ' }, { answer: 'Reasoning leaked.</think> The answer is 4.' }]);
    expect(rulesOf(empty!)).toEqual(['format']);
    expect(empty!.flags[0]!.detail).toBe('the answer is empty');
    expect(stray!.flags[0]).toEqual({ rule: 'format', detail: '</think> without an opening <think>' });
  });

  it('truncated: finish_reason length, or an unclosed <think> (one flaw, not four)', async () => {
    const [length, unclosed] = await check([
      { answer: '', finish_reason: 'length', reference: '4' },
      { reasoning: '<think>' + TRACE_EN + ' Next we compute the pace per kilometre from', answer: '' },
    ]);
    expect(rulesOf(length!)).toEqual(['truncated']);
    expect(rulesOf(unclosed!)).toEqual(['format', 'truncated']);
  });

  it('answer_mismatch against a reference, in any notation', async () => {
    const [right, wrong] = await check([
      { answer: 'So the share is $\\boxed{\\dfrac{3}{4}}$.', reference: '75%' },
      { answer: '所以答案为 $\\boxed{0.7}$。', reference: '3/4', language: 'zh', reasoning: TRACE_ZH },
    ]);
    expect(rulesOf(right!)).toEqual([]);
    expect(wrong!.flags).toEqual([{ rule: 'answer_mismatch', detail: 'final answer "0.7" does not match the reference' }]);
  });

  it('minority_answer: disagrees with the majority of the same question', async () => {
    const question = '一名运动员每周跑 5 次，每次 8 公里，一周共跑多少公里？';
    const out = await check(
      ['40', '40', '$40$ km', '45'].map((value) => ({ question, answer: `答案是 ${value}。` })),
      { language: 'zh' },
    );
    expect(out.map(rulesOf)).toEqual([[], [], [], ['minority_answer']]);
    expect(out[3]!.flags[0]!.detail).toBe('final answer "45" disagrees with the majority "40" (3 of 4)');
    expect(out.map((record) => record.preferred)).toEqual([true, false, false, false]);
  });

  it('minority_answer stays quiet without a clear majority', async () => {
    const question = 'Pick one';
    const out = await check(['A', 'B', 'A', 'B'].map((letter) => ({ question, answer: `Answer: ${letter}` })));
    expect(out.flatMap(rulesOf)).toEqual([]);
  });

  it('mixed_language and wrong_language quote the offending text', async () => {
    const [mixed, wrong] = await check(
      [
        { answer: '乳酸阈是血乳酸开始急剧上升时的强度。The lactate threshold is usually expressed as a share of maximal oxygen uptake.' },
        { answer: 'The lactate threshold is usually expressed as a share of maximal oxygen uptake.' },
      ],
      { language: 'zh' },
    );
    expect(mixed!.flags).toEqual([
      { rule: 'mixed_language', detail: 'answer switches to en: "The lactate threshold is usually expressed as a share of ma…"' },
    ]);
    expect(wrong!.flags[0]!.rule).toBe('wrong_language');
    expect(wrong!.flags[0]!.detail).toContain('answer is in en, not zh');
  });

  it('a per-line language overrides --language', async () => {
    const [record] = await check([{ answer: '答案是肌糖原。', reasoning: TRACE_ZH, language: 'zh' }], { language: 'en' });
    expect(rulesOf(record!)).toEqual([]);
  });

  it('too_short and too_long, with thresholds from the rules', async () => {
    const rules = mergeRules(DEFAULT_RULES, { tooLong: { answerChars: 50 } });
    const sameQuestion = QUESTIONS[0]!;
    const [short, traced, long] = await check(
      [
        { question: sameQuestion, reasoning: '', answer: 'Glycogen.' },
        { question: sameQuestion },
        { answer: 'x'.repeat(10) + ' a long answer that goes on and on past fifty characters' },
      ],
      { rules },
    );
    expect(short!.flags).toEqual([{ rule: 'too_short', detail: 'reasoning 0 tokens < 20' }]);
    expect(traced!.flags).toEqual([]);
    expect(long!.flags[0]!.rule).toBe('too_long');
  });

  it('too_short does not hold a teacher that gives no traces at all to the reasoning minimum', async () => {
    const [a, b] = await check([
      {
        question: QUESTIONS[1]!,
        reasoning: '',
        answer: 'Altitude exposure raises erythropoietin, which increases red cell mass over weeks.',
      },
      { question: QUESTIONS[1]!, reasoning: '', answer: 'x' },
    ]);
    expect(a!.flags).toEqual([]);
    expect(b!.flags).toEqual([{ rule: 'too_short', detail: stringMatching(/^answer 1 characters? < 2$/) }]);
  });

  it('repetition: a sentence looping back to back, English and Chinese', async () => {
    const [en, zh] = await check([
      { reasoning: TRACE_EN + ' So the total load is 420 units.'.repeat(6) },
      { reasoning: TRACE_ZH + '所以滑石是30克。'.repeat(8), language: 'zh', answer: '滑石 30 克。' },
    ]);
    expect(en!.flags[0]!.detail).toBe('reasoning repeats "So the total load is 420 units." 6 times in a row');
    expect(zh!.flags[0]!.detail).toContain('reasoning repeats "所以滑石是30克。"');
  });

  it('refusal in English and Chinese', async () => {
    const out = await check([
      { answer: "I'm sorry, but I can't help with that request." },
      { answer: '抱歉，我无法提供这方面的建议。', language: 'zh', reasoning: TRACE_ZH },
    ]);
    expect(out.map(rulesOf)).toEqual([['refusal'], ['refusal']]);
  });

  it('long_paragraph', async () => {
    const clauses = Array.from(
      { length: 120 },
      (_, i) => `第${'一二三四五六七八九十'[i % 10]}步考虑训练负荷${i % 7 === 0 ? '与恢复' : ''}的变化`,
    );
    const reasoning = clauses.join('，') + '。';
    const [record] = await check([{ reasoning }], { language: 'zh' });
    expect(record!.flags).toEqual([
      { rule: 'long_paragraph', detail: `reasoning has a paragraph of ${reasoning.length} characters (limit 1500)` },
    ]);
  });

  it('duplicate_question flags the later of two near-identical questions only', async () => {
    const out = await check(
      [
        { question: '马拉松运动员的最大摄氧量通常是多少？' },
        { question: '马拉松运动员的最大摄氧量一般是多少？' },
        { question: 'How is training load computed from RPE?' },
      ],
      { rules: mergeRules(DEFAULT_RULES, { duplicateQuestion: { minSimilarity: 0.6 } }) },
    );
    expect(out.map(rulesOf)).toEqual([[], ['duplicate_question'], []]);
    expect(out[1]!.flags[0]!.detail).toContain('similar to an earlier one: "马拉松运动员的最大摄氧量通常是多少？"');
  });
});

describe('verdict policy', () => {
  it('a soft rule flags without failing; a disabled rule never fires', async () => {
    const refusal = { answer: "I'm sorry, but I can't help with that." };
    const soft = await check([refusal], { rules: mergeRules(DEFAULT_RULES, { soft: ['refusal'] }) });
    expect(soft[0]).toMatchObject({ verdict: 'pass', flags: [{ rule: 'refusal' }] });
    const disabled = await check([refusal], { rules: mergeRules(DEFAULT_RULES, { disabled: ['refusal'] }) });
    expect(disabled[0]).toMatchObject({ verdict: 'pass', flags: [] });
    const hard = await check([refusal]);
    expect(hard[0]!.verdict).toBe('fail');
  });
});

describe('malformed input', () => {
  it('names the line that is broken', async () => {
    function* lines(): Iterable<string> {
      yield JSON.stringify({ id: 'a', question: 'q', answer: 'x' });
      yield '';
      yield '{"id": "b", "question": "q"';
    }
    const run = async (): Promise<void> => {
      for await (const _ of checkRecords(lines(), { language: 'en', rules: DEFAULT_RULES })) void _;
    };
    await expect(run()).rejects.toThrow(new CheckInputError('line 3: not valid JSON; each line must be one JSON object'));
  });

  it('names the field that is missing', async () => {
    function* lines(): Iterable<string> {
      yield JSON.stringify({ id: 'a', question: 'q' });
    }
    const run = async (): Promise<void> => {
      for await (const _ of checkRecords(lines(), { language: 'en', rules: DEFAULT_RULES })) void _;
    };
    await expect(run()).rejects.toThrow('line 1 (id a): "answer" must be a string');
  });
});
