import { describe, expect, it } from 'vitest';
import { findNearDuplicates } from './near-duplicates.js';

describe('findNearDuplicates', () => {
  it('finds reworded questions in English and Chinese, pointing at the earlier one', () => {
    const matches = findNearDuplicates([
      'What is the lactate threshold, and why is it often a better predictor of endurance race performance than VO2max?',
      '中药汤剂中，哪些药物需要“先煎”？为什么要先煎？请举例说明。',
      'How many grams of protein per kilogram should an endurance athlete eat?',
      'What is the lactate threshold, and why is it usually a better predictor of endurance performance than VO2max?',
      '煎煮中药汤剂时，哪些药物需要先煎？为什么要先煎？请举例说明。',
    ]);
    expect(matches[0]).toBeNull();
    expect(matches[2]).toBeNull();
    expect(matches[3]).toMatchObject({ of: 0 });
    expect(matches[3]!.similarity).toBeGreaterThan(0.7);
    expect(matches[4]).toMatchObject({ of: 1 });
    expect(matches[4]!.similarity).toBeGreaterThan(0.7);
  });

  it('ignores case, width and punctuation', () => {
    const matches = findNearDuplicates(['What is VO2max?', 'what is ＶＯ２ｍａｘ']);
    expect(matches[1]).toEqual({ of: 0, similarity: 1 });
  });

  it('keeps different questions on one topic apart', () => {
    const matches = findNearDuplicates([
      'How does altitude training change red blood cell mass?',
      'How does heat acclimatisation change plasma volume?',
      '针灸足三里有什么作用？',
      '针灸合谷穴有什么禁忌？',
    ]);
    expect(matches).toEqual([null, null, null, null]);
  });
});
