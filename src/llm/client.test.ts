import { APIConnectionError, APIConnectionTimeoutError, APIUserAbortError, InternalServerError, RateLimitError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { packagePath } from '../core/package-paths.js';
import { loadFixtureFile } from '../offline-teacher/fixtures.js';
import { startOfflineTeacher, type OfflineTeacher, type OfflineTeacherOptions } from '../offline-teacher/offline-teacher.js';
import { createTeacherClient, SAMPLE_HEADER, type TeacherClientOptions } from './client.js';
import type { Completion } from './completion.js';
import { BodyCutError } from './body-cut-error.js';
import { describeModelError, isRetryableLater } from './errors.js';
import { TeacherTimeoutError } from './teacher-timeout-error.js';
import { buildAnswerMessages } from './prompt-messages.js';

const QUESTION =
  'A runner covers the first half of a 10 km race in 25 minutes and the second half in 24 minutes. What is the finishing time in minutes?';

let teacher: OfflineTeacher | undefined;
afterEach(async () => {
  await teacher?.close();
  teacher = undefined;
});

async function start(options: OfflineTeacherOptions = {}): Promise<OfflineTeacher> {
  const fixtures = [await loadFixtureFile(packagePath('fixtures', 'test', 'running-en.json'))];
  teacher = await startOfflineTeacher({ fixtures, ...options });
  return teacher;
}

function clientFor(server: OfflineTeacher, options: Partial<TeacherClientOptions> = {}) {
  return createTeacherClient({ baseUrl: server.url, apiKey: 'test-key', timeoutMs: 5_000, maxRetries: 2, stream: false, ...options });
}

function ask(server: OfflineTeacher, options: Partial<TeacherClientOptions> = {}, sample = 0): Promise<Completion> {
  return clientFor(server, options).complete({
    model: 'deepseek-reasoner',
    messages: buildAnswerMessages({ language: 'en', question: QUESTION }),
    headers: { [SAMPLE_HEADER]: String(sample) },
  });
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected the request to fail'),
    (err: unknown) => err,
  );
}

const answerStatuses = (server: OfflineTeacher) => server.requests.filter((r) => r.kind === 'answer').map((r) => r.status);

describe('teacher client: answers', () => {
  it.each([false, true])('separates reasoning_content from the answer (stream: %s)', async (stream) => {
    const server = await start({ reasoningMode: 'field' });
    const completion = await ask(server, { stream });
    expect(completion).toMatchObject({
      reasoning: 'The finishing time is the sum of the two halves: 25 + 24 = 49 minutes.',
      answer: 'The finishing time is \\boxed{49} minutes.',
      finishReason: 'stop',
      model: 'deepseek-reasoner',
    });
    expect(completion.usage?.completionTokens).toBeGreaterThan(0);
    expect(completion.usage?.reasoningTokens).toBeGreaterThan(0);
    expect(server.requests[0]).toMatchObject({ kind: 'answer', stream, status: 200 });
  });

  it.each([false, true])('separates a <think> block from the answer (stream: %s)', async (stream) => {
    const server = await start({ reasoningMode: 'think-tag' });
    const completion = await ask(server, { stream });
    expect(completion.reasoning).toBe('The finishing time is the sum of the two halves: 25 + 24 = 49 minutes.');
    expect(completion.answer).toBe('The finishing time is \\boxed{49} minutes.');
  });

  it('asks for the sample named in the header', async () => {
    const server = await start();
    expect((await ask(server, {}, 1)).answer).toContain('\\boxed{48}');
    expect(server.requests[0]!.key).toBe(`answer:${QUESTION}#1`);
  });

  it.each(['field', 'think-tag'] as const)(
    'keeps a reply cut off by the length limit (%s), marked by finish_reason',
    async (reasoningMode) => {
      const server = await start({ reasoningMode });
      const completion = await ask(server, { stream: true }, 2);
      expect(completion).toMatchObject({ finishReason: 'length', answer: '', reasoning: 'I add the two halves: 25 minutes plus' });
    },
  );

  it('keeps a truncated answer with finish_reason length', async () => {
    const server = await start({ faults: [{ type: 'truncate', kind: 'answer' }] });
    const completion = await ask(server);
    expect(completion.finishReason).toBe('length');
    expect('The finishing time is \\boxed{49} minutes.'.startsWith(completion.answer)).toBe(true);
    expect(completion.answer.length).toBeLessThan(30);
  });

  it.each([false, true])('returns an empty answer as empty, not as an error (stream: %s)', async (stream) => {
    const server = await start({ faults: [{ type: 'empty' }] });
    expect(await ask(server, { stream })).toMatchObject({ reasoning: '', answer: '', finishReason: 'stop' });
  });

  it('lists the served models', async () => {
    const server = await start();
    expect(await clientFor(server).listModels()).toEqual(['offline-teacher']);
  });
});

describe('teacher client: retries are the SDK’s', () => {
  it.each([false, true])('waits for retry-after on a 429 and then succeeds (stream: %s)', async (stream) => {
    const server = await start({ faults: [{ type: 'status', status: 429, retryAfter: 0.3, times: 1 }] });
    const completion = await ask(server, { stream });
    expect(completion.answer).toContain('49');
    const [limited, retried] = server.requests;
    expect([limited?.status, retried?.status]).toEqual([429, 200]);
    expect(retried!.key).toBe(limited!.key);
    expect(retried!.time - limited!.time).toBeGreaterThanOrEqual(250);
  });

  it('retries a 500 and succeeds', async () => {
    const server = await start({ faults: [{ type: 'status', status: 500, retryAfter: 0.01, times: 1 }] });
    expect((await ask(server)).answer).toContain('49');
    expect(answerStatuses(server)).toEqual([500, 200]);
  });

  it('gives up on a 500 that persists, with a one-line reason, as a failure of this item', async () => {
    const server = await start({ faults: [{ type: 'status', status: 500, retryAfter: 0.01, message: 'CUDA out of memory' }] });
    const err = await failureOf(ask(server));
    expect(err).toBeInstanceOf(InternalServerError);
    expect(answerStatuses(server)).toEqual([500, 500, 500]);
    expect(describeModelError(err, { baseUrl: server.url, maxRetries: 2 })).toBe(
      `the teacher at ${server.url} failed with 500 after 2 retries: CUDA out of memory`,
    );
    expect(isRetryableLater(err)).toBe(true);
  });

  it('gives up on a 429 that persists and suggests lowering the concurrency', async () => {
    const server = await start({ faults: [{ type: 'status', status: 429, retryAfter: 0.01 }] });
    const err = await failureOf(ask(server, { maxRetries: 1 }));
    expect(err).toBeInstanceOf(RateLimitError);
    expect(describeModelError(err, { baseUrl: server.url, maxRetries: 1 })).toMatch(
      /still rate-limiting \(429\) after 1 retry; lower --concurrency/,
    );
    expect(isRetryableLater(err)).toBe(true);
  });

  it('retries a dropped connection', async () => {
    const server = await start({ faults: [{ type: 'drop', times: 1 }] });
    expect((await ask(server, { maxRetries: 1 })).answer).toContain('49');
    expect(answerStatuses(server)).toEqual([0, 200]);
  });
});

describe('teacher client: errors that name what to do', () => {
  it('times out on a server that never answers', async () => {
    const server = await start({ faults: [{ type: 'hang' }] });
    const err = await failureOf(ask(server, { timeoutMs: 300, maxRetries: 0 }));
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    expect(describeModelError(err, { baseUrl: server.url, timeoutMs: 300 })).toBe(
      `the teacher at ${server.url} did not answer within 0.3 s; raise --timeout (or timeoutMs in distill.json) or lower --concurrency`,
    );
    expect(isRetryableLater(err)).toBe(true);
  });

  it.each([false, true])('times out on a server that stalls after the headers (stream: %s)', async (stream) => {
    const server = await start({ faults: [{ type: 'stall' }] });
    const err = await failureOf(ask(server, { stream, timeoutMs: 300, maxRetries: 0 }));
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests[0]!.status).toBe(200);
  });

  it('says the server cannot be reached, and that the run should stop', async () => {
    const server = await start();
    await server.close();
    teacher = undefined;
    const err = await failureOf(ask(server, { maxRetries: 0 }));
    expect(err).toBeInstanceOf(APIConnectionError);
    const message = describeModelError(err, { baseUrl: server.url });
    expect(message).toMatch(new RegExp(`^cannot reach the teacher at ${server.url.replaceAll('.', '\\.')}: .*ECONNREFUSED`));
    expect(message).toMatch(/is the server running\? check --base-url$/);
    expect(isRetryableLater(err)).toBe(false);
  });

  it('names the key variable when the key is refused', async () => {
    const server = await start({ apiKey: 'the-right-key' });
    const err = await failureOf(ask(server));
    expect(describeModelError(err, { baseUrl: server.url, apiKeyEnv: 'DEEPSEEK_API_KEY' })).toBe(
      `the teacher at ${server.url} refused the API key (401): check DEEPSEEK_API_KEY (or the variable named by --api-key-env)`,
    );
    expect(isRetryableLater(err)).toBe(false);
    expect(server.requests).toHaveLength(1); // a refused key is not retried
  });

  it('names the model when it is not found', async () => {
    const server = await start({ faults: [{ type: 'status', status: 404, message: 'The model `r2` does not exist' }] });
    const err = await failureOf(ask(server));
    expect(describeModelError(err, { baseUrl: server.url, model: 'r2' })).toMatch(/^model "r2" not found at .* \(404\): check --model/);
    expect(isRetryableLater(err)).toBe(false);
  });

  it.each([
    ['before the headers', 'hang'],
    ['mid-stream', 'stall'],
  ] as const)('reports a cancel %s as such and stops', async (_, fault) => {
    const server = await start({ faults: [{ type: fault }] });
    const controller = new AbortController();
    const pending = clientFor(server, { stream: true }).complete({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const err = await failureOf(pending);
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(describeModelError(err, { baseUrl: server.url })).toBe('cancelled');
    expect(isRetryableLater(err)).toBe(false);
  });
});

describe('teacher client: limits of its own', () => {
  it.each([false, true])('stops a server that trickles its answer at the whole-request deadline (stream: %s)', async (stream) => {
    const server = await start({ faults: [{ type: 'trickle', everyMs: 400, kind: 'answer' }] });
    const started = Date.now();
    const err = await failureOf(ask(server, { stream, timeoutMs: 5_000, idleMs: 5_000, totalMs: 1_200, maxRetries: 0 }));
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(TeacherTimeoutError);
    expect(err).toMatchObject({ phase: 'total', answering: true });
    // Every piece re-armed the idle limit; the whole-request one still ended it on time.
    expect(elapsed).toBeGreaterThanOrEqual(1_100);
    expect(elapsed).toBeLessThan(3_000);
    expect(describeModelError(err, { baseUrl: server.url })).toBe(
      `the teacher at ${server.url} did not finish its answer within 1.2 s; raise --timeout (or timeoutMs in distill.json) or lower --concurrency`,
    );
  });

  it.each([false, true])('keeps the first maxAnswerChars of a 21 MB answer and stops reading the rest (stream: %s)', async (stream) => {
    const server = await start({ faults: [{ type: 'huge', chars: 21_000_000 }] });
    const completion = await ask(server, { stream, maxAnswerChars: 100_000 });
    expect(completion.finishReason).toBe('size_limit');
    expect(completion.answer.length).toBeGreaterThan(90_000);
    expect(completion.answer.length).toBeLessThanOrEqual(100_000);
    expect(completion.answer.startsWith('The same sentence again')).toBe(true);
    // The client hung up long before the server could send it all: what was read stays bounded.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.requests[0]!.bytesSent).toBeLessThan(5_000_000);
  });

  it.each([false, true])('asks again when the connection is cut in the middle of the answer (stream: %s)', async (stream) => {
    const server = await start({ faults: [{ type: 'cut', kind: 'answer', times: 1 }] });
    const completion = await ask(server, { stream, maxRetries: 2 });
    expect(completion.answer).toContain('49');
    expect(answerStatuses(server)).toEqual([200, 200]);
  });

  it('gives up on a body cut every time with a reason that says so', async () => {
    const server = await start({ faults: [{ type: 'cut', kind: 'answer' }] });
    const err = await failureOf(ask(server, { maxRetries: 1 }));
    expect(err).toBeInstanceOf(BodyCutError);
    expect(describeModelError(err, { baseUrl: server.url, maxRetries: 1 })).toMatch(
      new RegExp(`^the teacher at ${server.url.replaceAll('.', '\\.')} cut the connection in the middle of its answer after 1 retry`),
    );
    expect(isRetryableLater(err)).toBe(true);
  });
});
