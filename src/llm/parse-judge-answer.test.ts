import { describe, expect, it } from 'vitest';
import { readJudgeReply } from './parse-judge-answer.js';

function problemOf(reply: string): string {
  const read = readJudgeReply(reply);
  return read.ok ? '(read)' : read.problem;
}

// Replies written the way real judges write them when nothing holds them to a shape.
describe('reading a judge reply', () => {
  it('reads bare JSON, as a judge with structured output writes it', () => {
    expect(readJudgeReply('{"score": 8, "verdict": "correct", "rationale": "Right value, clear steps."}')).toEqual({
      ok: true,
      reading: { score: 8, verdict: 'correct', rationale: 'Right value, clear steps.' },
    });
  });

  it('reads JSON in a fence with prose around it (GPT-4o, Llama)', () => {
    const reply =
      'Here is my evaluation:\n\n```json\n{\n  "score": 3,\n  "verdict": "incorrect",\n  "rationale": "It adds instead of multiplying."\n}\n```\n\nHope this helps!';
    expect(readJudgeReply(reply)).toMatchObject({ ok: true, reading: { score: 3, verdict: 'incorrect' } });
  });

  it('skips a <think> block, drafts and all (DeepSeek-R1, QwQ)', () => {
    const reply =
      '<think>\nThe reference is 42. A draft: {"score": 1, "verdict": "incorrect"}? No, the candidate gets 42 too.\n</think>\n\n{"score": 9, "verdict": "correct", "rationale": "Matches 42."}';
    expect(readJudgeReply(reply)).toMatchObject({ ok: true, reading: { score: 9, verdict: 'correct', rationale: 'Matches 42.' } });
  });

  it('takes other keys and spellings: "rating", "8/10", "Cannot tell", true', () => {
    expect(readJudgeReply('My judgement: {"rating": "8/10", "verdict": "Cannot tell", "reason": "No reference."}')).toMatchObject({
      ok: true,
      reading: { score: 8, verdict: 'cannot_tell', rationale: 'No reference.' },
    });
    expect(readJudgeReply('{"score": 7, "correct": true}')).toMatchObject({
      ok: true,
      reading: { score: 7, verdict: 'correct', rationale: '' },
    });
    expect(readJudgeReply('{"评分": 6, "结论": "错误", "理由": "单位换算错了。"}')).toMatchObject({
      ok: true,
      reading: { score: 6, verdict: 'incorrect', rationale: '单位换算错了。' },
    });
  });

  it('reads "Score: 7/10" lines when there is no JSON at all', () => {
    expect(readJudgeReply('**Score:** 7/10\n**Verdict:** Correct\n**Rationale:** Sound, if a little long.')).toEqual({
      ok: true,
      reading: { score: 7, verdict: 'correct', rationale: 'Sound, if a little long.' },
    });
  });

  it('says what is wrong with a reply it cannot use, for the re-ask', () => {
    expect(readJudgeReply('')).toEqual({ ok: false, problem: 'the reply was empty' });
    expect(readJudgeReply('{"verdict": "correct"}')).toEqual({ ok: false, problem: 'the JSON has no "score"' });
    expect(problemOf('{"score": 15, "verdict": "correct"}')).toContain('not a number from 1 to 10');
    expect(problemOf('{"score": 5, "verdict": "mostly"}')).toContain('"mostly"');
    expect(readJudgeReply('The answer looks fine to me.')).toMatchObject({ ok: false });
  });
});
