// Finding the benchmark item a question repeats: exact n-gram runs, near-verbatim rewordings by the
// fuzzy ratio, and no match for questions that only share a topic.
import { describe, expect, it } from 'vitest';
import { ContaminationIndex } from '../src/selection/contamination-index.js';
import { fuzzyRatioAtLeast } from '../src/selection/fuzzy-ratio.js';

const MATH = {
  name: 'math-bench',
  items: [
    { id: 'algebra/17', text: 'Solve for x: 3x + 7 = 22. Express your answer as an integer.' },
    {
      id: 'geometry/4',
      text: 'A right triangle has legs of length 5 and 12. A circle is inscribed in the triangle. What is the radius of the inscribed circle?',
    },
    { id: 'nt/9', text: '求最小的正整数 n，使得 n 的各位数字之和等于 20，并且 n 能被 11 整除。' },
  ],
};

describe('the contamination index', () => {
  const index = new ContaminationIndex([MATH]);

  it('finds a verbatim repeat whatever its case, spacing and punctuation', () => {
    const match = index.match('solve for x:  3x+7=22 — express your answer as an integer');
    expect(match).toMatchObject({ benchmark: 'math-bench', item: 'algebra/17', kind: 'fuzzy', ratio: 1 });
  });

  it('finds a question reworded by a few words by its fuzzy ratio', () => {
    const match = index.match(
      'A right triangle has legs of lengths 5 and 12. A circle is inscribed in this triangle. What is the radius of that inscribed circle?',
    );
    expect(match).toMatchObject({ item: 'geometry/4', kind: 'fuzzy' });
    expect(match!.ratio).toBeGreaterThanOrEqual(0.95);
    expect(match!.ratio).toBeLessThan(1);
  });

  it('finds a question that embeds a benchmark sentence in a longer text by a shared 8-word run', () => {
    const match = index.match(
      'Here is a warm-up from my homework, with my own twist. A circle is inscribed in the triangle. What is the radius of the inscribed circle, and how would the answer change if the legs doubled?',
    );
    expect(match).toMatchObject({ item: 'geometry/4', kind: 'ngram', ngram: 'a circle is inscribed in the triangle what' });
  });

  it('compares Chinese character by character', () => {
    expect(index.match('求最小的正整数n，使得n的各位数字之和等于20，并且n能被11整除。')).toMatchObject({ item: 'nt/9' });
  });

  it('leaves questions of the same topic alone', () => {
    expect(index.match('A right triangle has legs 8 and 15. Find the length of its hypotenuse.')).toBeNull();
    expect(index.match('Solve for y: 5y - 3 = 12.')).toBeNull();
    expect(index.match('求最大的三位数，使其各位数字之和等于 20。')).toBeNull();
  });

  it('takes a shorter n-gram when told to', () => {
    const strict = new ContaminationIndex([MATH], { ngram: 5, ratio: 1 });
    expect(strict.match('For legs 9 and 40, what is the radius of the inscribed circle?')).toMatchObject({
      kind: 'ngram',
      ngram: 'what is the radius of',
    });
    expect(
      new ContaminationIndex([MATH], { ngram: 12, ratio: 1 }).match('What is the radius of the inscribed circle for legs 9 and 40?'),
    ).toBeNull();
  });
});

/** Indel distance the slow, obvious way, to hold the banded one to. */
function naiveRatio(a: string, b: string): number {
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      lcs[i]![j] = a[i - 1] === b[j - 1] ? lcs[i - 1]![j - 1]! + 1 : Math.max(lcs[i - 1]![j]!, lcs[i]![j - 1]!);
    }
  }
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * lcs[a.length]![b.length]!) / total;
}

describe('the fuzzy ratio', () => {
  it('agrees with the full computation wherever it reaches the threshold', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const base = 'the quick brown fox jumps over the lazy dog while the cat watches from the fence';
    for (let trial = 0; trial < 300; trial++) {
      const chars = base.split('');
      const edits = Math.floor(random() * 8);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * chars.length);
        if (random() < 0.5) chars.splice(at, 1);
        else chars.splice(at, 0, 'xyz'[Math.floor(random() * 3)]!);
      }
      const other = chars.join('');
      for (const threshold of [0.9, 0.95, 0.98]) {
        const expected = naiveRatio(base, other);
        const got = fuzzyRatioAtLeast(base, other, threshold);
        if (expected >= threshold) expect(got).toBeCloseTo(expected, 10);
        else expect(got).toBe(0);
      }
    }
  });
});
