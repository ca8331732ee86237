import { afterEach, describe, expect, it } from 'vitest';
import { packagePath } from '../core/package-paths.js';
import { loadFixtureFile } from '../offline-teacher/fixtures.js';
import { startOfflineTeacher, type OfflineTeacher, type OfflineTeacherOptions } from '../offline-teacher/offline-teacher.js';
import { createTeacherClient } from './client.js';
import { ListAnswerError, StructuredOutputRejectedError, type ListProblem } from './list-answer-error.js';
import { inMemoryStructuredOutput, type StructuredOutputMemory, type StructuredOutputSetting } from './list-answer-format.js';
import { askForList } from './list-answer.js';
import { buildQuestionsMessages, buildTagsMessages } from './prompt-messages.js';

let teacher: OfflineTeacher | undefined;
afterEach(async () => {
  await teacher?.close();
  teacher = undefined;
});

async function start(options: OfflineTeacherOptions = {}): Promise<OfflineTeacher> {
  const fixtures = await Promise.all(
    ['running-en.json', 'tcm-zh.json'].map((name) => loadFixtureFile(packagePath('fixtures', 'test', name))),
  );
  teacher = await startOfflineTeacher({ fixtures, ...options });
  return teacher;
}

const client = (server: OfflineTeacher, stream = false) =>
  createTeacherClient({ baseUrl: server.url, apiKey: 'k', timeoutMs: 5_000, maxRetries: 0, stream });

interface AskOptions {
  count?: number;
  maxAttempts?: number;
  stream?: boolean;
  model?: string;
  structuredOutput?: StructuredOutputSetting;
  memory?: StructuredOutputMemory;
}

function askForTags(server: OfflineTeacher, options: AskOptions = {}) {
  const retries: ListProblem[] = [];
  const fallbacks: string[] = [];
  const promise = askForList(client(server, options.stream), {
    kind: 'tag-list',
    model: options.model ?? 'offline-teacher',
    messages: buildTagsMessages({ language: 'en', topic: 'Running', path: ['Running'], count: options.count ?? 3, siblings: [] }),
    count: options.count ?? 3,
    maxAttempts: options.maxAttempts ?? 3,
    ...(options.structuredOutput ? { structuredOutput: options.structuredOutput } : {}),
    ...(options.memory ? { structuredOutputMemory: options.memory } : {}),
    onRetry: (problem) => retries.push(problem),
    onStructuredOutputFallback: (from, to) => fallbacks.push(`${from}->${to}`),
  });
  return { promise, retries, fallbacks };
}

const tagRequests = (server: OfflineTeacher) => server.requests.filter((r) => r.kind === 'tags');
const RUNNING_TAGS = ['Pacing', 'Running economy', 'Injury prevention'];

describe('askForList', () => {
  it('returns the items of a good answer on the first attempt', async () => {
    const server = await start();
    const answer = await askForTags(server).promise;
    expect(answer).toMatchObject({ items: RUNNING_TAGS, attempts: 1, problems: [], dropped: 0 });
    expect(answer.usage?.promptTokens).toBeGreaterThan(0);
  });

  it('accepts JSON in code fences with a sentence around it, without asking again', async () => {
    const server = await start({ faults: [{ type: 'fenced-json' }] });
    expect(await askForTags(server).promise).toMatchObject({ items: RUNNING_TAGS, attempts: 1 });
    expect(server.requests[0]!.fault).toBe('fenced-json');
  });

  it.each([false, true])('asks again after broken JSON, showing the teacher what was wrong (stream: %s)', async (stream) => {
    const server = await start({ faults: [{ type: 'broken-json', times: 1 }], reasoningMode: 'think-tag' });
    const { promise, retries } = askForTags(server, { stream });
    const answer = await promise;
    expect(answer.items).toEqual(RUNNING_TAGS);
    expect(answer.attempts).toBe(2);
    expect(retries.map((p) => p.kind)).toEqual(['no-json']);
    const [first, second] = tagRequests(server);
    expect(second!.key).toBe(first!.key);
    expect([first!.attempt, second!.attempt]).toEqual([1, 2]); // the re-ask carries the corrective message
  });

  it('keeps a short list as it is (the caller asks for the rest) and a long one whole (the caller cuts it)', async () => {
    const short = await start({ listStyles: ['short'] });
    const answer = await askForTags(short, { count: 3 }).promise;
    expect(answer).toMatchObject({ items: ['Pacing', 'Running economy'], attempts: 1, problems: [] });
    await short.close();
    const long = await start({ listStyles: ['long'] });
    expect((await askForTags(long, { count: 2 }).promise).items).toHaveLength(5);
  });

  it('asks again after an empty reply', async () => {
    const server = await start({ faults: [{ type: 'empty', times: 1 }] });
    const { promise, retries } = askForTags(server);
    expect((await promise).attempts).toBe(2);
    expect(retries[0]!.kind).toBe('empty');
  });

  it('says a list was cut off by the length limit', async () => {
    const server = await start({ faults: [{ type: 'truncate', times: 1 }] });
    const { promise, retries } = askForTags(server);
    expect((await promise).attempts).toBe(2);
    expect(retries[0]!.detail).toContain('cut off (finish_reason length)');
  });

  it('gives up after maxAttempts with an error saying what was wrong, never an empty list', async () => {
    const server = await start({ faults: [{ type: 'broken-json' }] });
    const err = await askForTags(server, { maxAttempts: 3 }).promise.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ListAnswerError);
    expect((err as Error).message).toBe('the teacher gave no usable list after 3 attempts: the reply contains no valid JSON');
    expect(tagRequests(server)).toHaveLength(3);
  });

  it('reads Chinese questions with their references through a <think> stream', async () => {
    const server = await start({ reasoningMode: 'think-tag' });
    const answer = await askForList(client(server, true), {
      kind: 'question-list',
      model: 'offline-teacher',
      messages: buildQuestionsMessages({ language: 'zh', path: ['中医药学', '方剂学', '煎服方法'], count: 2, existing: [] }),
      count: 2,
      maxAttempts: 2,
      language: 'zh',
    });
    expect(answer.attempts).toBe(1);
    expect(answer.items[0]).toEqual({
      text: '某方每剂煎取药液 300 mL，每日 1 剂，分 3 次温服。每次应服多少毫升？',
      difficulty: 'easy',
      reference: '100',
    });
    expect(answer.items[1]!.text).toContain('煎服方法');
  });

  it.each([
    ['strings', { difficulty: undefined }],
    ['no-difficulty', { difficulty: undefined }],
    ['think', { difficulty: 'easy' }],
    ['think-closing-only', { difficulty: 'easy' }],
  ] as const)('reads questions written as %s on the first attempt', async (style, expected) => {
    const server = await start({ listStyles: [style] });
    const answer = await askForList(client(server), {
      kind: 'question-list',
      model: 'offline-teacher',
      messages: buildQuestionsMessages({ language: 'en', path: ['Running', 'Pacing', 'Negative splits'], count: 3, existing: [] }),
      count: 3,
      maxAttempts: 1,
    });
    expect(answer.items.map((item) => item.text)).toHaveLength(3);
    expect(answer.items[0]!.text).toMatch(/^A runner covers the first half/);
    expect(answer.items[0]!.difficulty).toBe(expected.difficulty);
    expect(answer.items[0]!.reference).toBe(style === 'strings' ? undefined : '49');
  });
});

describe('askForList with structured output', () => {
  it('asks for json_schema under auto and remembers that it works', async () => {
    const server = await start();
    const memory = inMemoryStructuredOutput();
    const answer = await askForTags(server, { structuredOutput: 'auto', memory }).promise;
    expect(answer).toMatchObject({ items: RUNNING_TAGS, structuredOutput: 'json_schema' });
    expect(tagRequests(server).map((r) => r.format)).toEqual(['json_schema']);
    expect(memory.recall(`${server.url} offline-teacher`)).toBe('json_schema');
  });

  it('steps down json_schema -> json_object -> none on 400s, once, and remembers it for the next request', async () => {
    const server = await start();
    const memory = inMemoryStructuredOutput();
    const first = askForTags(server, { structuredOutput: 'auto', memory, model: 'offline-teacher+no-structured-output' });
    expect((await first.promise).items).toEqual(RUNNING_TAGS);
    expect(first.fallbacks).toEqual(['json_schema->json_object', 'json_object->off']);
    expect(tagRequests(server).map((r) => [r.status, r.format])).toEqual([
      [400, 'json_schema'],
      [400, 'json_object'],
      [200, undefined],
    ]);
    const second = askForTags(server, { structuredOutput: 'auto', memory, model: 'offline-teacher+no-structured-output' });
    expect((await second.promise).structuredOutput).toBe('off');
    expect(second.fallbacks).toEqual([]);
    expect(tagRequests(server)).toHaveLength(4);
  });

  it('settles on json_object with a JSON-mode-only server, reading its strings', async () => {
    const server = await start({ listStyles: ['json-object-only', 'strings'] });
    const memory = inMemoryStructuredOutput();
    const answer = await askForTags(server, { structuredOutput: 'auto', memory }).promise;
    expect(answer).toMatchObject({ items: RUNNING_TAGS, structuredOutput: 'json_object', attempts: 1 });
    expect(tagRequests(server).map((r) => r.status)).toEqual([400, 200]);
    expect(memory.recall(`${server.url} offline-teacher`)).toBe('json_object');
  });

  it('says what to do when a server refuses the structured output the setting insists on', async () => {
    const server = await start({ listStyles: ['no-structured-output'] });
    const err = await askForTags(server, { structuredOutput: 'json_schema' }).promise.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StructuredOutputRejectedError);
    expect((err as Error).message).toBe(
      'the teacher refused response_format json_schema (400: Unrecognized request argument supplied: response_format)',
    );
    expect((err as StructuredOutputRejectedError).hint).toContain('"structuredOutput" to "auto" or "off"');
    expect(tagRequests(server)).toHaveLength(1);
  });

  it('sends no response_format when the setting is off', async () => {
    const server = await start({ listStyles: ['no-structured-output'] });
    expect((await askForTags(server, { structuredOutput: 'off' }).promise).items).toEqual(RUNNING_TAGS);
    expect(tagRequests(server).map((r) => [r.status, r.format])).toEqual([[200, undefined]]);
  });
});
