import { describe, expect, it } from 'vitest';
import { checkTagFieldName, formatRecord, type ExportItem } from './format-record.js';
import { compileRecordValidator } from './record-validator.js';

const item: ExportItem = {
  id: 't000001-1-0',
  question: 'What limits marathon pace?',
  reasoning: 'Lactate threshold matters most.',
  answer: 'Mostly the lactate threshold.',
  tagPath: 'Endurance > Marathon',
};

describe('formatRecord', () => {
  it('alpaca wraps the reasoning in a think block before the answer by default', () => {
    expect(formatRecord(item, { format: 'alpaca', reasoning: 'think' })).toEqual({
      instruction: 'What limits marathon pace?',
      input: '',
      output: '<think>\nLactate threshold matters most.\n</think>\n\nMostly the lactate threshold.',
    });
  });

  it('alpaca keeps the trace in a reasoning field, with a system prompt and a tag field', () => {
    expect(formatRecord(item, { format: 'alpaca', reasoning: 'field', system: 'Be brief.', tagField: 'tag' })).toEqual({
      instruction: 'What limits marathon pace?',
      input: '',
      output: 'Mostly the lactate threshold.',
      system: 'Be brief.',
      reasoning: 'Lactate threshold matters most.',
      tag: 'Endurance > Marathon',
    });
  });

  it('sharegpt is one human turn and one gpt turn', () => {
    expect(formatRecord(item, { format: 'sharegpt', reasoning: 'none', system: 'Be brief.' })).toEqual({
      conversations: [
        { from: 'human', value: 'What limits marathon pace?' },
        { from: 'gpt', value: 'Mostly the lactate threshold.' },
      ],
      system: 'Be brief.',
    });
  });

  it('messages puts the system prompt first and the trace in reasoning_content', () => {
    expect(formatRecord(item, { format: 'messages', reasoning: 'field', system: 'Be brief.' })).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What limits marathon pace?' },
        {
          role: 'assistant',
          content: 'Mostly the lactate threshold.',
          reasoning_content: 'Lactate threshold matters most.',
        },
      ],
    });
  });

  it('an empty trace still gets an empty think block, as R1 writes it', () => {
    const record = formatRecord({ ...item, reasoning: '' }, { format: 'messages', reasoning: 'think' });
    expect((record.messages as { content: string }[])[1]!.content).toBe('<think>\n\n</think>\n\nMostly the lactate threshold.');
  });
});

describe('record schemas', () => {
  const formats = ['alpaca', 'sharegpt', 'messages'] as const;
  const modes = ['think', 'field', 'none'] as const;

  it('accept every record the writers make, in every format and mode', () => {
    for (const format of formats) {
      for (const reasoning of modes) {
        for (const system of [undefined, 'Be brief.']) {
          const shape = { format, reasoning, tagField: 'tag', ...(system ? { system } : {}) };
          const validate = compileRecordValidator(format, 'tag');
          expect(validate(formatRecord(item, shape)), `${format}/${reasoning}/${system}`).toBeNull();
        }
      }
    }
  });

  it('reject a record with an empty answer, a stray field or turns in the wrong order', () => {
    expect(compileRecordValidator('alpaca')(formatRecord({ ...item, answer: '' }, { format: 'alpaca', reasoning: 'none' }))).toMatch(
      /output/,
    );
    expect(compileRecordValidator('alpaca')({ instruction: 'q', input: '', output: 'a', extra: 1 })).toMatch(/additional/);
    expect(
      compileRecordValidator('sharegpt')({
        conversations: [
          { from: 'gpt', value: 'a' },
          { from: 'human', value: 'q' },
        ],
      }),
    ).not.toBeNull();
    expect(
      compileRecordValidator('messages')({
        messages: [
          { role: 'user', content: 'q' },
          { role: 'system', content: 's' },
          { role: 'assistant', content: 'a' },
        ],
      }),
    ).not.toBeNull();
  });

  it('require the tag field when one is asked for', () => {
    const validate = compileRecordValidator('sharegpt', 'topic_path');
    expect(validate(formatRecord(item, { format: 'sharegpt', reasoning: 'think' }))).toMatch(/topic_path/);
  });
});

describe('checkTagFieldName', () => {
  it('refuses names the format already uses and names that are not plain', () => {
    expect(checkTagFieldName('tag', 'alpaca')).toBeNull();
    expect(checkTagFieldName('output', 'alpaca')).toMatch(/field of the alpaca format/);
    expect(checkTagFieldName('messages', 'messages')).toMatch(/field of the messages format/);
    expect(checkTagFieldName('a b', 'sharegpt')).toMatch(/plain field name/);
  });
});
