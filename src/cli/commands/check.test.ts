import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../cli-io.js';
import { DistillError } from '../../core/distill-error.js';
import { runStatelessCheck } from './check.js';
import { main } from '../main.js';

function collectingIO(cwd: string): { io: CliIO; out: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { io: { stdout, stderr, env: {}, cwd }, out: () => text };
}

describe('distill check --input', () => {
  it('writes one result per input line, in order, with --rules applied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-check-cli-'));
    const input = join(dir, 'in.jsonl');
    const trace =
      'I add the numbers given in the question, then I check the result by counting up from the first number, and I make sure nothing was missed before answering.';
    await writeFile(
      input,
      [
        { id: 'a', question: 'What is 2 + 2?', reasoning: trace, answer: 'The answer is 4.', reference: '4' },
        { id: 'b', question: 'What is 3 + 3?', reasoning: trace, answer: 'The answer is 7.', reference: '6' },
        {
          id: 'c',
          question: '三加三等于几？',
          reasoning: '三加三等于六，这是最基本的加法运算，我们可以用数数的方法验证一下结果是否正确。',
          answer: '答案是 6。',
          language: 'zh',
        },
      ]
        .map((record) => JSON.stringify(record))
        .join('\n') + '\n',
    );
    const rules = join(dir, 'rules.json');
    await writeFile(rules, JSON.stringify({ soft: ['answer_mismatch'] }));
    const { io, out } = collectingIO(dir);
    await runStatelessCheck({ input, rules }, io);
    const results = out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; verdict: string; flags: { rule: string }[] });
    expect(results.map((result) => [result.id, result.verdict, result.flags.map((flag) => flag.rule)])).toEqual([
      ['a', 'pass', []],
      ['b', 'pass', ['answer_mismatch']],
      ['c', 'pass', []],
    ]);
  });

  it('fails with one line naming the file and the broken line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-check-cli-'));
    const input = join(dir, 'in.jsonl');
    await writeFile(input, '{"id":"a","question":"q","answer":"x"}\nnot json\n');
    const { io } = collectingIO(dir);
    await expect(runStatelessCheck({ input }, io)).rejects.toThrow(
      new DistillError(`${input} line 2: not valid JSON; each line must be one JSON object`),
    );
  });

  it('says what is wrong with a rules file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-check-cli-'));
    const input = join(dir, 'in.jsonl');
    await writeFile(input, '');
    const rules = join(dir, 'rules.json');
    await writeFile(rules, JSON.stringify({ longParagraph: { maxChars: -3 } }));
    const { io } = collectingIO(dir);
    await expect(runStatelessCheck({ input, rules }, io)).rejects.toThrow(/rules file .*rules\.json: longParagraph\.maxChars must be >= 0/);
  });

  it('says when the input file is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-check-cli-'));
    const { io } = collectingIO(dir);
    await expect(runStatelessCheck({ input: join(dir, 'missing.jsonl') }, io)).rejects.toThrow(/cannot read .*missing\.jsonl: ENOENT/);
  });

  it('reads the records from stdin with --input -, naming stdin in errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-check-cli-'));
    const { io, out } = collectingIO(dir);
    const stdin = new PassThrough();
    stdin.end(
      '{"id":"a","question":"What is 2 + 2?","answer":"The answer is 4.","reference":"4"}\n{"id":"b","question":"What is 2 + 2?","answer":""}\n',
    );
    expect(await main(['check', '--input', '-'], { ...io, stdin })).toBe(0);
    const results = out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; flags: { rule: string }[] });
    expect(results.map((result) => [result.id, result.flags.map((flag) => flag.rule)])).toEqual([
      ['a', []],
      ['b', ['format']],
    ]);

    const broken = new PassThrough();
    broken.end('{"id":"a"\n');
    await expect(runStatelessCheck({ input: '-' }, { ...io, stdin: broken })).rejects.toThrow(/^stdin line 1: not valid JSON/);
  });

  it('refuses to wait on a terminal for --input -', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-check-cli-'));
    const { io } = collectingIO(dir);
    const terminal = Object.assign(new PassThrough(), { isTTY: true });
    await expect(runStatelessCheck({ input: '-' }, { ...io, stdin: terminal })).rejects.toThrow(
      /stdin, which is a terminal here; pipe them in/,
    );
  });
});
