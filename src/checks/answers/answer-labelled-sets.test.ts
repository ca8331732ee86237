import { describe, expect, it } from 'vitest';
import { readLabelled, type AnswerExample } from '../test-support/labelled-sets.js';
import { compareAnswers } from './answer-equivalence.js';
import { extractFinalAnswer } from './extract/final-answer.js';

/** What answer_mismatch concludes for a labelled pair: only a sure 'equal' passes. */
function judge(example: AnswerExample): boolean {
  const final = extractFinalAnswer(example.answer, example.question);
  return compareAnswers(example.reference, final.text, example.question).verdict === 'equal';
}

function misjudged(examples: AnswerExample[]): string[] {
  return examples.filter((example) => judge(example) !== example.equal).map((example) => `${example.id} (expected ${example.equal})`);
}

const dev = readLabelled<AnswerExample>('answers-dev.jsonl');
const heldOut = readLabelled<AnswerExample>('answers-heldout.jsonl');

describe('labelled answer pairs written from real teachers’ endings', () => {
  it('are many, named for what they show, and cover every family of the grader', () => {
    expect(dev.length + heldOut.length).toBeGreaterThanOrEqual(300);
    const ids = [...dev, ...heldOut].map((example) => example.id);
    expect(new Set(ids).size).toBe(ids.length);
    const families = new Set(ids.map((id) => id.split('-')[0]));
    for (const family of [
      'prose',
      'named',
      'boxes',
      'relation',
      'percent',
      'chain',
      'format',
      'equation',
      'matrix',
      'latex',
      'plain',
      'unit',
      'side',
      'exact',
      'trailing',
      'choice',
      'text',
      'ref',
      'zh',
    ]) {
      expect(families).toContain(family);
    }
  });

  it('the dev set (tuned on) is judged right every time', () => {
    expect(misjudged(dev)).toEqual([]);
  });

  it('the held-out set (never tuned on) is judged right at least 97% of the time', () => {
    const wrong = misjudged(heldOut);
    expect(1 - wrong.length / heldOut.length, wrong.join(', ')).toBeGreaterThanOrEqual(0.97);
  });
});
