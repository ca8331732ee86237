import { describe, expect, it } from 'vitest';
import { findLongestLoop, measureRepetition } from './repetition.js';
import { flagsOf, readLabelledSets, scoreRepetition } from '../test-support/labelled-scores.js';

describe.each(['dev', 'heldout'] as const)('repetition on the %s set', (split) => {
  const examples = readLabelledSets(split).repetition;
  const score = scoreRepetition(examples);

  it('holds loops and hard negatives (tables, box borders, diagrams, choruses)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
    expect(examples.filter((example) => !example.repetition).length).toBeGreaterThanOrEqual(10);
  });

  it('flags loops with precision and recall ≥ 0.9', () => {
    expect({ falseFlags: score.falseFlags, ok: score.precision >= 0.9 }).toEqual({ falseFlags: score.falseFlags, ok: true });
    expect({ misses: score.misses, ok: score.recall >= 0.9 }).toEqual({ misses: score.misses, ok: true });
  });
});

describe('repetition', () => {
  it('sees a character loop without spaces and quotes its unit', () => {
    const text = `Here are words with it: many, anyone, ${'ny'.repeat(100)}`;
    expect(flagsOf({ reasoning: '', answer: text, finishReason: 'length' }, 'en').get('repetition')).toBe(
      'answer loops on "ny" over 200 characters',
    );
  });

  it('finds a loop in the middle of a text, where the model broke out of it', () => {
    const text = `Let me add it up.\n${'the total is 82.62 and '.repeat(20)}\nSo the total is 82.62.`;
    const loop = findLongestLoop(text)!;
    expect(text.slice(loop.start, loop.end)).toContain('the total is 82.62 and the total is 82.62 and');
  });

  it('ignores box borders and table rules', () => {
    const box = `┌${'─'.repeat(60)}┐\n│ a │\n└${'─'.repeat(60)}┘\n|${'---|'.repeat(40)}`;
    expect(measureRepetition(box).loopChars).toBe(0);
  });
});

describe('a list that counts up to max_tokens', () => {
  const flagged = (answer: string): boolean => flagsOf({ reasoning: '', answer, finishReason: 'length' }, 'en').has('repetition');

  it('is a loop when only the numbers change, item after item', () => {
    const items = Array.from({ length: 40 }, (_, i) => `${i + 1}. Tip number ${i + 1}: drink a glass of water before lunch.`);
    expect(flagged(items.join('\n'))).toBe(true);
    const days = Array.from({ length: 40 }, (_, i) => `第${i + 1}天：复习前一天的内容，然后继续练习听力和口语。`);
    expect(flagsOf({ reasoning: '', answer: days.join('\n'), finishReason: 'length' }, 'zh').has('repetition')).toBe(true);
  });

  it('is a loop when bare numbers count by a fixed step to where the text was cut off', () => {
    const multiples = `The multiples are:\n${Array.from({ length: 60 }, (_, i) => `- ${7 * (i + 1)}`).join('\n')}\n`;
    expect(flagged(multiples)).toBe(true);
    // The same list that ends on its own is an answer; so is a cut-off list of numbers that do not step evenly.
    expect(flagsOf({ reasoning: '', answer: multiples, finishReason: 'stop' }, 'en').has('repetition')).toBe(false);
    const primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];
    expect(flagged(`Primes:\n${primes.map((p) => `- ${p}`).join('\n')}`)).toBe(false);
  });

  it('is a loop when numbers count on inline, after a lead-in, to where the text was cut off', () => {
    const count = `The pattern keeps going: ${Array.from({ length: 300 }, (_, i) => i + 1).join(', ')}`;
    expect(flagged(count)).toBe(true);
    expect(flagsOf({ reasoning: '', answer: count, finishReason: 'stop' }, 'en').has('repetition')).toBe(false);
  });

  it('takes up to three copies of a line it announced with a colon, ending a finished answer, for a delivery', () => {
    const chant = (copies: number): string =>
      `好的，这是口号：\n\n${Array.from({ length: copies }, () => '加油，加油，一起加油！').join('\n')}`;
    const stop = (answer: string): boolean => flagsOf({ reasoning: '', answer, finishReason: 'stop' }, 'zh').has('repetition');
    expect(stop(chant(3))).toBe(false);
    expect(stop(chant(8))).toBe(true);
    expect(flagged(chant(3))).toBe(true);
    expect(stop('So the answer is 5.\nSo the answer is 5.\nSo the answer is 5.')).toBe(true);
  });

  it('is not a loop for a case analysis, a times table or a table of numbers', () => {
    const cases = Array.from({ length: 12 }, (_, n) => `Case n = ${n}: n^2 + n + 41 = ${n * n + n + 41}, which is prime.`);
    expect(flagged(cases.join(' '))).toBe(false);
    expect(flagged(Array.from({ length: 30 }, (_, i) => `7 × ${i + 1} = ${7 * (i + 1)}`).join('\n'))).toBe(false);
    expect(flagged(Array.from({ length: 30 }, (_, i) => `| Day ${i + 1} | ${3 + (i % 4)} km |`).join('\n'))).toBe(false);
  });
});
