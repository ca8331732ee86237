import { describe, expect, it } from 'vitest';
import { findFlagSpans } from './flag-spans.js';

describe('findFlagSpans', () => {
  it('points at the slipped words, the loop and the refusal phrase', () => {
    const reasoning = `Let me think about it. The sunset was still真 real.\n${'ny'.repeat(80)}`;
    const answer = "I'm sorry, but I can't help with that.";
    const spans = findFlagSpans({ reasoning, answer, finishReason: 'stop' }, 'en');
    const text = (rule: string): string[] =>
      spans
        .filter((span) => span.rule === rule)
        .map((span) => (span.field === 'reasoning' ? reasoning : answer).slice(span.start, span.end));
    expect(text('mixed_language')).toEqual(['真']);
    expect(text('repetition')).toEqual(['ny'.repeat(80)]);
    expect(text('refusal')).toEqual(["I'm sorry, but I can't help"]);
  });

  it('points at every copy of a repeated sentence when there is no loop', () => {
    const answer = 'Stay hydrated. Eat well. Stay hydrated. Sleep enough. Stay hydrated.';
    const spans = findFlagSpans({ reasoning: '', answer, finishReason: 'stop' }, 'en').filter((span) => span.rule === 'repetition');
    expect(spans.map((span) => answer.slice(span.start, span.end))).toEqual(['Stay hydrated.', 'Stay hydrated.', 'Stay hydrated.']);
  });
});
