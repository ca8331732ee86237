// A server's bad logprobs cost the logprobs, never the answer: each case against a loopback server
// through the real SDK and the real pipeline, and a server that refuses them is told once.
import { createServer, type Server, type ServerResponse } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candidate } from '../src/core/types.js';
import { readStoredCandidates } from './support/project-files.js';
import { tempDir } from './support/run-cli.js';
import { runMain } from './support/run-main.js';

type Entry = { token: string; logprob: number; bytes: number[] | null; top_logprobs: { token: string; logprob: number; bytes: null }[] };
const ANSWER = ['The', ' answer', ' is', ' 49', ' minutes', '.'];

function entry(token: string, logprob = -0.1, alternatives = 2): Entry {
  const top = [{ token, logprob, bytes: null }];
  for (let i = 1; i < alternatives; i++) top.push({ token: `${token}${i}`, logprob: logprob - i, bytes: null });
  return { token, logprob, bytes: null, top_logprobs: top };
}

/** How each case spoils the logprobs of an answer whose text is fine. */
const SPOILERS: Record<string, (entries: Entry[]) => (Entry[] | null)[]> = {
  'some chunks only': (entries) => entries.map((e, i) => (i === 2 ? null : [e])),
  'mismatched token text': (entries) => entries.map((e, i) => [i === 3 ? entry(' 48') : e]),
  'a NaN log-probability': (entries) => entries.map((e, i) => [i === 1 ? { ...e, logprob: Number.NaN } : e]),
  'a positive log-probability': (entries) => entries.map((e, i) => [i === 1 ? { ...e, logprob: 0.7 } : e]),
  'more alternatives than asked': (entries) => entries.map((e, i) => [i === 0 ? entry(e.token, -0.1, 4) : e]),
};

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A tiny OpenAI-compatible server: tags and questions as JSON lists, answers streamed with the given logprobs. */
async function serve(answerLogprobs: () => (Entry[] | null)[] | 'refuse'): Promise<{ url: string; refusals: () => number }> {
  let refusals = 0;
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (part: Buffer) => (text += String(part)));
    req.on('end', () => {
      if (req.url?.endsWith('/models')) return void res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model' }] }));
      const body = JSON.parse(text) as { messages: { content: string }[]; logprobs?: boolean; stream?: boolean };
      const prompt = body.messages.map((message) => message.content).join('\n');
      const isAnswer = !/JSON|json/.test(prompt);
      if (isAnswer) {
        const spoiled = answerLogprobs();
        if (spoiled === 'refuse' && body.logprobs) {
          refusals++;
          res.writeHead(400, { 'content-type': 'application/json' });
          return void res.end(
            JSON.stringify({ error: { message: 'logprobs is not supported by this model', type: 'invalid_request_error' } }),
          );
        }
        const lists = spoiled === 'refuse' ? ANSWER.map(() => null) : spoiled;
        return void sendStream(res, ANSWER, lists);
      }
      const items = /question/i.test(prompt)
        ? { questions: ['How long is a 10 km race at 49 minutes?', 'Why taper before a marathon?'] }
        : { tags: ['Endurance'] };
      sendStream(res, [JSON.stringify(items)], [null]);
    });
  });
  const listening = server;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/v1`, refusals: () => refusals };
}

function sendStream(res: ServerResponse, pieces: string[], lists: (Entry[] | null)[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta: object, logprobs: Entry[] | null, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, logprobs: logprobs ? { content: logprobs } : null, finish_reason: finish }] })}\n\n`;
  pieces.forEach((piece, i) => res.write(chunk({ content: piece }, lists[i] ?? null)));
  res.end(chunk({}, null, 'stop') + 'data: [DONE]\n\n');
}

async function run(url: string): Promise<{ candidates: Candidate[]; stderr: string }> {
  const dir = join(await tempDir(), 'p');
  const init = await runMain(['init', dir, '--topic', 'Running', '--base-url', url, '--model', 'm', '--logprobs', '2']);
  expect(init.code, init.stderr).toBe(0);
  // Streamed: a chunk at a time is where servers leave logprobs out.
  const config = JSON.parse(await readFile(join(dir, 'distill.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(dir, 'distill.json'), JSON.stringify({ ...config, stream: true }));
  const auto = await runMain([
    'auto',
    '--levels',
    '1',
    '--tags-per-level',
    '1',
    '--questions-per-tag',
    '2',
    '--candidates',
    '2',
    '--project',
    dir,
  ]);
  expect(auto.code, auto.stderr).toBe(0);
  return { candidates: await readStoredCandidates(dir), stderr: auto.stderr };
}

describe('logprobs a server gets wrong', () => {
  it('are kept when they are right (the control case)', async () => {
    const { url } = await serve(() => ANSWER.map((token) => [entry(token)]));
    const { candidates } = await run(url);
    expect(candidates).toHaveLength(4);
    for (const candidate of candidates) expect(candidate.logprobs).toMatchObject({ topK: 2, tokens: 6 });
  });

  for (const [name, spoil] of Object.entries(SPOILERS)) {
    it(`are dropped with a reason, the answer kept, on ${name}`, async () => {
      const { url } = await serve(() => spoil(ANSWER.map((token) => entry(token))));
      const { candidates } = await run(url);
      expect(candidates).toHaveLength(4);
      for (const candidate of candidates) {
        expect(candidate.answer).toBe(ANSWER.join(''));
        expect(candidate.logprobs).toEqual({ dropped: expect.any(String) as string });
      }
      expect((candidates[0]!.logprobs as { dropped: string }).dropped).toMatch(
        {
          'some chunks only': /chunks came without/,
          'mismatched token text': /do not spell/,
          'a NaN log-probability': /not a number/,
          'a positive log-probability': /above 0/,
          'more alternatives than asked': /4 alternatives where 2/,
        }[name]!,
      );
    });
  }

  it('when refused, are given up after one 400, told in one line, and the run goes on', async () => {
    const served = await serve(() => 'refuse');
    const { candidates, stderr } = await run(served.url);
    expect(candidates).toHaveLength(4);
    expect(candidates.every((candidate) => candidate.answer === ANSWER.join('') && candidate.logprobs === undefined)).toBe(true);
    // Only the requests already in flight when the first 400 came back are refused; none after.
    expect(served.refusals()).toBeLessThanOrEqual(4);
    expect(stderr.split('\n').filter((line) => /refused log-probabilities/.test(line))).toHaveLength(1);
  });
});
