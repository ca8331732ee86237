import { describe, expect, it } from 'vitest';
import { MalformedCompletionError, parseChatCompletion } from './completion.js';
import { splitReasoning, splitThinkBlock } from './reasoning.js';
import { StreamAccumulator } from './stream-accumulator.js';

function chatCompletion(message: Record<string, unknown>, finishReason: string | null = 'stop', extra: object = {}) {
  return {
    id: 'x',
    object: 'chat.completion',
    model: 'deepseek-reasoner',
    choices: [{ index: 0, message, finish_reason: finishReason }],
    ...extra,
  };
}

describe('splitThinkBlock', () => {
  it('takes a leading <think> block as reasoning and the rest as the answer', () => {
    expect(splitThinkBlock('<think>\nadd 2 and 2\n</think>\n\nThe answer is 4.')).toEqual({
      reasoning: 'add 2 and 2',
      answer: 'The answer is 4.',
    });
  });

  it('accepts <thinking>, any case and leading whitespace', () => {
    expect(splitThinkBlock('\n  <Thinking>plan</Thinking> done')).toEqual({ reasoning: 'plan', answer: 'done' });
  });

  it('treats an unclosed leading <think> as all reasoning with an empty answer', () => {
    expect(splitThinkBlock('<think>I was cut off in the middle of')).toEqual({ reasoning: 'I was cut off in the middle of', answer: '' });
  });

  it('reads a closing tag without an opening one (the template put <think> in the prompt)', () => {
    expect(splitThinkBlock('so it is 4\n</think>\n\n**4**')).toEqual({ reasoning: 'so it is 4', answer: '**4**' });
  });

  it('leaves content without think tags as the answer, and a <think> mentioned mid-text alone', () => {
    expect(splitThinkBlock('Plain answer.')).toEqual({ reasoning: '', answer: 'Plain answer.' });
    expect(splitThinkBlock('Models write <think> blocks first.')).toEqual({ reasoning: '', answer: 'Models write <think> blocks first.' });
  });
});

describe('splitReasoning', () => {
  it('prefers the separate reasoning field and keeps the content as the answer', () => {
    expect(splitReasoning('Final: 4', 'two plus two')).toEqual({ reasoning: 'two plus two', answer: 'Final: 4' });
  });
});

describe('parseChatCompletion', () => {
  it('reads reasoning_content (DeepSeek, vLLM) and usage with reasoning tokens', () => {
    const body = chatCompletion({ role: 'assistant', content: 'Paris.', reasoning_content: 'The capital of France is Paris.' }, 'stop', {
      usage: { prompt_tokens: 12, completion_tokens: 30, completion_tokens_details: { reasoning_tokens: 20 } },
    });
    expect(parseChatCompletion(body, 42)).toEqual({
      reasoning: 'The capital of France is Paris.',
      answer: 'Paris.',
      finishReason: 'stop',
      usage: { promptTokens: 12, completionTokens: 30, reasoningTokens: 20 },
      model: 'deepseek-reasoner',
      latencyMs: 42,
    });
  });

  it('reads reasoning (OpenRouter)', () => {
    const parsed = parseChatCompletion(chatCompletion({ role: 'assistant', content: 'B', reasoning: 'Option B fits.' }));
    expect([parsed.reasoning, parsed.answer]).toEqual(['Option B fits.', 'B']);
  });

  it('reads a <think> block in the content and keeps finish_reason length', () => {
    const parsed = parseChatCompletion(chatCompletion({ role: 'assistant', content: '<think>long derivation' }, 'length'));
    expect(parsed).toMatchObject({ reasoning: 'long derivation', answer: '', finishReason: 'length', usage: null });
  });

  it('returns an empty answer for empty or null content rather than failing', () => {
    expect(parseChatCompletion(chatCompletion({ role: 'assistant', content: null })).answer).toBe('');
  });

  it('joins content given as text parts', () => {
    const parsed = parseChatCompletion(
      chatCompletion({
        role: 'assistant',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      }),
    );
    expect(parsed.answer).toBe('ab');
  });

  it('rejects bodies that are not chat completions, quoting a gateway error', () => {
    expect(() => parseChatCompletion('nope')).toThrow(MalformedCompletionError);
    expect(() => parseChatCompletion({ choices: [] })).toThrow(/no choices/);
    expect(() => parseChatCompletion({ error: { message: 'upstream overloaded' } })).toThrow(/upstream overloaded/);
  });
});

describe('StreamAccumulator', () => {
  const chunk = (delta: object, finishReason: string | null = null) => ({
    object: 'chat.completion.chunk',
    model: 'qwq',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });

  it('accumulates reasoning_content and content deltas and the final usage chunk', () => {
    const acc = new StreamAccumulator();
    for (const c of [
      chunk({ role: 'assistant', content: '' }),
      chunk({ reasoning_content: 'first ' }),
      chunk({ reasoning_content: 'second' }),
      chunk({ content: 'Ans' }),
      chunk({ content: 'wer' }),
      chunk({}, 'stop'),
      { object: 'chat.completion.chunk', model: 'qwq', choices: [], usage: { prompt_tokens: 5, completion_tokens: 9 } },
    ]) {
      acc.add(c);
    }
    expect(acc.result(7)).toEqual({
      reasoning: 'first second',
      answer: 'Answer',
      finishReason: 'stop',
      usage: { promptTokens: 5, completionTokens: 9 },
      model: 'qwq',
      latencyMs: 7,
    });
  });

  it('splits a <think> block that arrives across content deltas', () => {
    const acc = new StreamAccumulator();
    for (const piece of ['<thi', 'nk>step ', 'one</th', 'ink>\n\nDone.']) acc.add(chunk({ content: piece }));
    acc.add(chunk({}, 'stop'));
    expect(acc.result(0)).toMatchObject({ reasoning: 'step one', answer: 'Done.' });
  });

  it('accumulates OpenRouter reasoning deltas', () => {
    const acc = new StreamAccumulator();
    acc.add(chunk({ reasoning: 'think' }));
    acc.add(chunk({ content: 'ok' }, 'length'));
    expect(acc.result(0)).toMatchObject({ reasoning: 'think', answer: 'ok', finishReason: 'length' });
  });
});
