import { describe, expect, it } from 'vitest';
import { parseChatCompletion } from './completion.js';
import { StreamAccumulator } from './stream-accumulator.js';

// OpenAI sends a refusal as `message.refusal` with `content: null` (and as `delta.refusal` when streaming).
describe("the server's refusal", () => {
  it('is kept from a chat completion', () => {
    const completion = parseChatCompletion({
      model: 'gpt-4o',
      choices: [{ message: { role: 'assistant', content: null, refusal: "I'm sorry, I can't help with that." }, finish_reason: 'stop' }],
    });
    expect(completion.answer).toBe('');
    expect(completion.refusal).toBe("I'm sorry, I can't help with that.");
  });

  it('is assembled from stream deltas', () => {
    const stream = new StreamAccumulator();
    for (const part of ["I'm sorry, ", "I can't ", 'help with that.']) stream.add({ choices: [{ index: 0, delta: { refusal: part } }] });
    stream.add({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    expect(stream.result(0).refusal).toBe("I'm sorry, I can't help with that.");
  });

  it('is absent from an ordinary answer', () => {
    const completion = parseChatCompletion({
      choices: [{ message: { role: 'assistant', content: '42', refusal: null }, finish_reason: 'stop' }],
    });
    expect(completion).not.toHaveProperty('refusal');
  });
});
