import { afterEach, describe, expect, it } from 'vitest';
import { packagePath } from '../core/package-paths.js';
import { loadFixtureFile } from '../offline-teacher/fixtures.js';
import { startOfflineTeacher, type OfflineTeacher, type OfflineTeacherOptions } from '../offline-teacher/offline-teacher.js';
import { createTeacherClient } from './client.js';
import { ListAnswerError, type ListProblem } from './list-answer-error.js';
import { askForList } from './list-answer.js';
import type { QuestionListItem } from './list-schemas.js';
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

function askForTags(server: OfflineTeacher, options: { count?: number; maxAttempts?: number; stream?: boolean; schema?: object } = {}) {
  const client = createTeacherClient({
    baseUrl: server.url,
    apiKey: 'k',
    timeoutMs: 5_000,
    maxRetries: 0,
    stream: options.stream ?? false,
  });
  const retries: ListProblem[] = [];
  const promise = askForList<string>(client, {
    model: 'offline-teacher',
    messages: buildTagsMessages({ language: 'en', topic: 'Running', path: ['Running'], count: options.count ?? 3, siblings: [] }),
    schema: options.schema ?? 'tag-list',
    minItems: options.count ?? 3,
    maxAttempts: options.maxAttempts ?? 3,
    onRetry: (problem) => retries.push(problem),
  });
  return { promise, retries };
}

const tagRequests = (server: OfflineTeacher) => server.requests.filter((r) => r.kind === 'tags');

describe('askForList', () => {
  it('returns the items of a good answer on the first attempt', async () => {
    const server = await start();
    const answer = await askForTags(server).promise;
    expect(answer).toMatchObject({ items: ['Pacing', 'Running economy', 'Injury prevention'], attempts: 1, problems: [] });
    expect(answer.usage?.promptTokens).toBeGreaterThan(0);
  });

  it('accepts JSON in code fences with a sentence around it, without asking again', async () => {
    const server = await start({ faults: [{ type: 'fenced-json' }] });
    expect(await askForTags(server).promise).toMatchObject({ items: ['Pacing', 'Running economy', 'Injury prevention'], attempts: 1 });
    expect(server.requests[0]!.fault).toBe('fenced-json');
  });

  it.each([false, true])('asks again after broken JSON, showing the teacher what was wrong (stream: %s)', async (stream) => {
    const server = await start({ faults: [{ type: 'broken-json', times: 1 }], reasoningMode: 'think-tag' });
    const { promise, retries } = askForTags(server, { stream });
    const answer = await promise;
    expect(answer.items).toEqual(['Pacing', 'Running economy', 'Injury prevention']);
    expect(answer.attempts).toBe(2);
    expect(retries.map((p) => p.kind)).toEqual(['no-json']);
    const [first, second] = tagRequests(server);
    expect(second!.key).toBe(first!.key);
    expect([first!.attempt, second!.attempt]).toEqual([1, 2]); // the re-ask carries the corrective message
  });

  it('asks again after a short list and sums the usage of both attempts', async () => {
    const server = await start({ faults: [{ type: 'short-list', times: 1 }] });
    const { promise, retries } = askForTags(server, { count: 4 });
    const answer = await promise;
    expect(answer.items).toHaveLength(4);
    expect(retries[0]).toEqual({ kind: 'too-few', detail: 'the list has 2 items, at least 4 are needed' });
    const single = await askForTags(server, { count: 4 }).promise;
    expect(answer.usage!.promptTokens).toBeGreaterThan(single.usage!.promptTokens);
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

  it('rejects items that break the schema, naming the item', async () => {
    const server = await start();
    const schema = { type: 'object', properties: { items: { type: 'array', items: { type: 'string', minLength: 10 } } } };
    const err = await askForTags(server, { schema, maxAttempts: 1 }).promise.catch((e: unknown) => e);
    expect((err as ListAnswerError).problem).toEqual({ kind: 'invalid', detail: 'item 1 must NOT have fewer than 10 characters' });
  });

  it('reads Chinese questions with their references through a <think> stream', async () => {
    const server = await start({ reasoningMode: 'think-tag' });
    const client = createTeacherClient({ baseUrl: server.url, apiKey: 'k', timeoutMs: 5_000, maxRetries: 0, stream: true });
    const answer = await askForList<QuestionListItem>(client, {
      model: 'offline-teacher',
      messages: buildQuestionsMessages({ language: 'zh', path: ['中医药学', '方剂学', '煎服方法'], count: 2, existing: [] }),
      schema: 'question-list',
      minItems: 2,
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
});
