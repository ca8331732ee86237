import { describe, expect, it } from 'vitest';
import { identitiesOf } from './candidate-identities.js';

describe('identitiesOf', () => {
  it('reads generations from line prefixes, older lines without one, and other lines in full', () => {
    const lines = [
      '{"id":"t000001-1-0","gen":"abc12345","questionHash":"00ff","questionId":"t000001-1","sample":0,"answer":"a","reasoning":""}',
      '{"id":"t000001-1-1","questionId":"t000001-1","sample":1,"answer":"b","reasoning":""}',
      '{"answer":"c","reasoning":"","id":"t000001-1-2","questionId":"t000001-1","sample":2,"gen":"zz"}',
      '{"id":"t000001-1-0","gen":"second","questionId":"t000001-1","sample":0,"answer":"dup","reasoning":""}',
      '{"id":"t000001-1-3","gen":"torn',
    ];
    const found = identitiesOf('shard.jsonl', Buffer.from(lines.join('\n')));
    expect([...found]).toEqual([
      ['t000001-1-0', { gen: 'abc12345', questionHash: '00ff' }],
      ['t000001-1-1', {}],
      ['t000001-1-2', { gen: 'zz' }],
    ]);
  });

  it('names the file of a damaged line', () => {
    expect(() => identitiesOf('shard.jsonl', Buffer.from('not json\n'))).toThrow(/shard\.jsonl.*byte 0/);
  });
});
