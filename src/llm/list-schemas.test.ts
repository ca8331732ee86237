import { describe, expect, it } from 'vitest';
import { readListItems } from './list-schemas.js';

describe('readListItems reads questions as models write them', () => {
  it('bare strings (what Easy Dataset asks for), with numbering taken off', () => {
    const read = readListItems('question-list', ['How does VO2max change with altitude?', '2. Why do marathoners taper?']);
    expect(read).toEqual({
      items: [{ text: 'How does VO2max change with altitude?' }, { text: 'Why do marathoners taper?' }],
      dropped: 0,
      firstProblem: null,
    });
  });

  it('the text under "text", "question" or "q", in any case; difficulty optional, in any usual spelling', () => {
    const read = readListItems('question-list', [
      { text: 'What limits sprint speed?', difficulty: 'Hard' },
      { question: 'What is lactate threshold?' },
      { Q: 'Why does heat slow runners?', level: 'intermediate' },
      { text: '什么是乳酸阈？', difficulty: '简单' },
      { text: 'What is a tempo run?', difficulty: 'trivial' },
    ]);
    expect(read.items).toEqual([
      { text: 'What limits sprint speed?', difficulty: 'hard' },
      { text: 'What is lactate threshold?' },
      { text: 'Why does heat slow runners?', difficulty: 'medium' },
      { text: '什么是乳酸阈？', difficulty: 'easy' },
      { text: 'What is a tempo run?' },
    ]);
  });

  it('keeps a reference when given, never an "answer" the prompt did not ask for', () => {
    const read = readListItems('question-list', [{ text: 'What is 25 + 24 minutes?', reference: ' 49 ', answer: '49' }]);
    expect(read.items).toEqual([{ text: 'What is 25 + 24 minutes?', reference: '49' }]);
  });

  it('drops the items it cannot use, counting them and naming the first, and keeps the rest', () => {
    const read = readListItems('question-list', ['Why?', 42, { difficulty: 'easy' }, 'What does a heart-rate monitor measure?']);
    expect(read.items).toEqual([{ text: 'What does a heart-rate monitor measure?' }]);
    expect(read.dropped).toBe(3);
    expect(read.firstProblem).toBe('item 1 (text) must NOT have fewer than 5 characters');
    expect(readListItems('question-list', [{ difficulty: 'easy' }]).firstProblem).toBe(
      'item 1 has no text (expected a string or an object with "text")',
    );
  });
});

describe('readListItems reads tag names', () => {
  it('strings or objects with a name, numbering taken off, blanks dropped', () => {
    const read = readListItems('tag-list', ['1) Pacing', { name: 'Running economy' }, { title: 'Injury prevention' }, '  ', ['x']]);
    expect(read.items).toEqual(['Pacing', 'Running economy', 'Injury prevention']);
    expect(read.dropped).toBe(2);
  });
});
