import { describe, expect, it } from 'vitest';
import { readNumberWords } from './number-words.js';

describe('numbers in English words', () => {
  it.each([
    ['twelve', '12'],
    ['twenty-one', '21'],
    ['one hundred and five', '105'],
    ['a thousand', '1000'],
    ['two million three hundred thousand', '2300000'],
    ['minus four', '-4'],
    ['one half', '1/2'],
    ['half', '1/2'],
    ['a third', '1/3'],
    ['three-fourths', '3/4'],
    ['three quarters', '3/4'],
    ['two and a half', '5/2'],
    ['five twelfths', '5/12'],
  ])('reads "%s" as %s', (words, value) => {
    expect(readNumberWords(words)).toBe(value);
  });

  it.each(['Tuesday', 'the answer', 'and five', 'half of them', ''])('reads "%s" as no number', (words) => {
    expect(readNumberWords(words)).toBeNull();
  });
});
