import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRecords, type CheckOutputRecord } from './check-records.js';
import { DEFAULT_RULES } from './rules/rules-config.js';

interface DemoFixture {
  language: 'en' | 'zh';
  questions: Record<string, { text: string; reference?: string; duplicate_of?: string }[]>;
  answers: Record<string, { reasoning: string; answer: string; finish_reason: string; flaw: string | string[] | null }[]>;
}

// The demo's recorded teacher answers carry the flaws planted in them; the checks
// must flag exactly those (and the candidates of the planted duplicate question).
describe.each(['en', 'zh'])('the %s demo', (language) => {
  it('flags every planted flaw and nothing that is clean', async () => {
    const path = fileURLToPath(new URL(`../../fixtures/demo-${language}.json`, import.meta.url));
    const demo = JSON.parse(readFileSync(path, 'utf8')) as DemoFixture;
    const questions = new Map(
      Object.values(demo.questions)
        .flat()
        .map((question) => [question.text, question]),
    );
    const expected = new Map<string, string[]>();
    const lines: string[] = [];
    for (const [text, answers] of Object.entries(demo.answers)) {
      answers.forEach((answer, sample) => {
        const id = `${lines.length}`;
        const question = questions.get(text);
        const flaws = answer.flaw === null ? [] : ([] as string[]).concat(answer.flaw);
        if (question?.duplicate_of) flaws.push('duplicate_question');
        expected.set(id, flaws.sort());
        lines.push(
          JSON.stringify({
            id,
            question: text,
            reasoning: answer.reasoning,
            answer: answer.answer,
            finish_reason: answer.finish_reason,
            reference: question?.reference,
            sample,
          }),
        );
      });
    }
    const differences: string[] = [];
    for await (const line of checkRecords(lines, { language: demo.language, rules: DEFAULT_RULES })) {
      const output = JSON.parse(line) as CheckOutputRecord;
      const got = output.flags.map((flag) => flag.rule).sort();
      if (got.join() !== expected.get(output.id)!.join())
        differences.push(`${output.id}: expected [${expected.get(output.id)!.join()}] got [${got.join()}]`);
    }
    expect(differences).toEqual([]);
  });
});
