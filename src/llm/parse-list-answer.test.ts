import { describe, expect, it } from 'vitest';
import { extractJsonList } from './parse-list-answer.js';

function itemsOf(reply: string): unknown[] {
  const result = extractJsonList(reply);
  if (!result.ok) throw new Error(`expected a list, got ${result.problem.kind}: ${result.problem.detail}`);
  return result.items;
}

describe('extractJsonList finds the list however the model dresses it', () => {
  it('a bare array', () => {
    expect(itemsOf('["Pacing", "Economy"]')).toEqual(['Pacing', 'Economy']);
  });

  it.each([
    ['items', '{"items": ["a", "b"]}'],
    ['tags', '{"tags": ["a", "b"]}'],
    ['questions', '{"questions": ["a", "b"]}'],
    ['any single array-valued key', '{"subtopics": ["a", "b"], "note": "x"}'],
  ])('an object wrapping it under %s', (_, reply) => {
    expect(itemsOf(reply)).toEqual(['a', 'b']);
  });

  it('code fences with a language tag and sentences around them', () => {
    const reply = 'Sure! Here are the sub-topics:\n\n```json\n{"tags": ["a", "b"]}\n```\n\nLet me know if you need more.';
    expect(itemsOf(reply)).toEqual(['a', 'b']);
  });

  it('fences without a language tag', () => {
    expect(itemsOf('```\n["a"]\n```')).toEqual(['a']);
  });

  it('a sentence before and after, without fences, with brackets in the prose', () => {
    expect(itemsOf('Here [as requested] is the list: ["a", "b"]. Hope it helps {really}.')).toEqual(['a', 'b']);
  });

  it('a <think> preface that itself contains a draft list', () => {
    expect(itemsOf('<think>maybe ["draft"]?</think>\n["final"]')).toEqual(['final']);
  });

  it('trailing commas', () => {
    expect(itemsOf('{"tags": ["a", "b",],}')).toEqual(['a', 'b']);
  });

  it('brackets and quotes inside strings', () => {
    const reply = 'Output: {"questions": [{"text": "What is [x] in \\"f(x)\\"?", "difficulty": "easy"}]}';
    expect(itemsOf(reply)).toEqual([{ text: 'What is [x] in "f(x)"?', difficulty: 'easy' }]);
  });

  it('a long <think> block full of drafts and brackets, or only its closing tag', () => {
    const thinking = Array.from({ length: 40 }, (_, i) => `${i + 1}. draft ["d${i}"] {maybe}`).join('\n');
    expect(itemsOf(`<think>\n${thinking}\n</think>\n\n{"tags": ["a", "b"]}`)).toEqual(['a', 'b']);
    expect(itemsOf(`${thinking}\n</think>\n\n["a", "b"]`)).toEqual(['a', 'b']);
  });

  it('a bulleted or numbered list when there is no JSON at all', () => {
    expect(itemsOf('Here are the sub-topics:\n\n1. **Pacing**\n2. Running economy\n- "Injury prevention"')).toEqual([
      'Pacing',
      'Running economy',
      'Injury prevention',
    ]);
  });

  it('Chinese prose around the JSON', () => {
    expect(itemsOf('好的，以下是子主题：\n["中药学", "方剂学"]\n希望有帮助。')).toEqual(['中药学', '方剂学']);
  });
});

describe('extractJsonList says what is wrong', () => {
  it('an empty reply', () => {
    expect(extractJsonList('  ')).toMatchObject({ ok: false, problem: { kind: 'empty' } });
    expect(extractJsonList('<think>only thoughts</think>')).toMatchObject({ ok: false, problem: { kind: 'empty' } });
  });

  it('prose without JSON, single-quoted JSON and JSON cut off', () => {
    expect(extractJsonList('I cannot think of any.')).toMatchObject({ ok: false, problem: { kind: 'no-json' } });
    expect(extractJsonList("{'tags': ['a', 'b']}")).toMatchObject({ ok: false, problem: { kind: 'no-json' } });
    expect(extractJsonList('{"tags": ["a", "b"')).toMatchObject({ ok: false, problem: { kind: 'no-json' } });
  });

  it('JSON that holds no list', () => {
    expect(extractJsonList('{"tag": "a"}')).toMatchObject({ ok: false, problem: { kind: 'no-list' } });
    expect(extractJsonList('{"a": [1], "b": [2]}')).toMatchObject({ ok: false, problem: { kind: 'no-list' } });
  });
});
