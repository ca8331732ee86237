import { afterEach, describe, expect, it } from 'vitest';
import { anyNumber, anyString, stringContaining } from '../../test/support/matchers.js';
import { packagePath } from '../core/package-paths.js';
import { buildAnswerMessages, buildQuestionsMessages, buildTagsMessages } from '../llm/prompt-messages.js';
import type { ChatMessage } from '../llm/completion.js';
import { loadFixtureFile } from './fixtures.js';
import { startOfflineTeacher, type OfflineTeacher, type OfflineTeacherOptions } from './offline-teacher.js';

const QUESTION =
  'A runner covers the first half of a 10 km race in 25 minutes and the second half in 24 minutes. What is the finishing time in minutes?';

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

async function post(server: OfflineTeacher, body: object, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function chat(server: OfflineTeacher, messages: ChatMessage[], headers: Record<string, string> = {}) {
  const response = await post(server, { model: 'my-model', messages }, headers);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    object: string;
    model: string;
    choices: { message: { content: string; reasoning_content?: string }; finish_reason: string }[];
    usage: { prompt_tokens: number; completion_tokens: number; completion_tokens_details: { reasoning_tokens: number } };
  };
}

async function listReply(server: OfflineTeacher, messages: ChatMessage[]): Promise<unknown> {
  return JSON.parse((await chat(server, messages)).choices[0]!.message.content);
}

const tags = (path: string[], count: number, siblings: string[] = [], language: 'en' | 'zh' = 'en') =>
  buildTagsMessages({ language, topic: path[0]!, path, count, siblings });

describe('offline teacher: OpenAI wire format', () => {
  it('answers a chat completion with reasoning_content, the requested model and usage', async () => {
    const server = await start();
    const body = await chat(server, buildAnswerMessages({ language: 'en', question: QUESTION }));
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe('my-model');
    expect(body.choices[0]).toMatchObject({
      message: { content: 'The finishing time is \\boxed{49} minutes.', reasoning_content: stringContaining('25 + 24 = 49') },
      finish_reason: 'stop',
    });
    expect(body.usage.completion_tokens).toBeGreaterThan(body.usage.completion_tokens_details.reasoning_tokens);
    expect(body.usage.completion_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('streams SSE chunks, a usage chunk when asked for, and data: [DONE]', async () => {
    const server = await start();
    const messages = buildAnswerMessages({ language: 'en', question: QUESTION });
    const response = await post(server, { model: 'm', messages, stream: true, stream_options: { include_usage: true } });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = (await response.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((event) => {
      expect(event.startsWith('data: ')).toBe(true);
      return JSON.parse(event.slice(6)) as {
        object: string;
        choices: { delta: { content?: string }; finish_reason: string | null }[];
        usage: unknown;
      };
    });
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({ prompt_tokens: anyNumber() });
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('The finishing time is \\boxed{49} minutes.');
  });

  it('sends no usage chunk unless asked', async () => {
    const server = await start();
    const response = await post(server, { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(await response.text()).not.toContain('"usage":{');
  });

  it('lists its model, and refuses unknown routes and bodies that are not chat requests', async () => {
    const server = await start();
    expect(await (await fetch(`${server.url}/models`)).json()).toMatchObject({ data: [{ id: 'offline-teacher' }] });
    expect((await fetch(`${server.url}/completions`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await post(server, { prompt: 'hi' })).status).toBe(400);
  });
});

describe('offline teacher: content', () => {
  it('hands out recorded tags not among the siblings, then synthesised ones', async () => {
    const server = await start();
    expect(await listReply(server, tags(['Running'], 4, ['PACING']))).toEqual({
      tags: ['Running economy', 'Injury prevention', 'Running: Core concepts', 'Running: Measurement and assessment'],
    });
  });

  it('synthesises distinct tags for deeper levels without chaining names', async () => {
    const server = await start();
    const { tags: level3 } = (await listReply(server, tags(['Running', 'Pacing', 'Negative splits'], 2))) as { tags: string[] };
    expect(level3).toEqual(['Negative splits: Core concepts', 'Negative splits: Measurement and assessment']);
    const { tags: level4 } = (await listReply(server, tags(['Running', 'Pacing', 'Negative splits', level3[0]!], 2))) as { tags: string[] };
    expect(level4).toEqual(['Core concepts: Measurement and assessment', 'Core concepts: Practical applications']);
  });

  it('synthesises content in the request’s language for a topic without fixtures', async () => {
    const server = await start();
    const { tags: names } = (await listReply(server, tags(['太极拳'], 3, [], 'zh'))) as { tags: string[] };
    expect(names).toEqual(['太极拳：基本概念', '太极拳：测量与评估', '太极拳：实际应用']);
    const reply = (await listReply(
      server,
      buildQuestionsMessages({ language: 'zh', path: ['太极拳', names[0]!], count: 12, existing: [] }),
    )) as {
      questions: { text: string; difficulty: string }[];
    };
    expect(reply.questions).toHaveLength(12);
    expect(new Set(reply.questions.map((q) => q.text)).size).toBe(12);
    expect(reply.questions.every((q) => q.text.includes('太极拳：基本概念') && /\p{Script=Han}/u.test(q.text))).toBe(true);
    expect(new Set(reply.questions.map((q) => q.difficulty))).toEqual(new Set(['easy', 'medium', 'hard']));
  });

  it('hands out recorded questions not yet existing, with their references', async () => {
    const server = await start();
    const path = ['Running', 'Pacing', 'Negative splits'];
    const reply = (await listReply(server, buildQuestionsMessages({ language: 'en', path, count: 2, existing: [QUESTION] }))) as {
      questions: { text: string; reference?: string }[];
    };
    expect(reply.questions.map((q) => q.text)).toEqual([
      'Why do many coaches advise running the second half of a marathon slightly faster than the first half?',
      'How does glycogen depletion limit a runner who starts a marathon too fast?',
    ]);
    const first = (await listReply(server, buildQuestionsMessages({ language: 'en', path, count: 1, existing: [] }))) as {
      questions: { reference?: string }[];
    };
    expect(first.questions[0]!.reference).toBe('49');
  });

  it('cycles through the recorded answers when no sample header is sent', async () => {
    const server = await start();
    const messages = buildAnswerMessages({ language: 'en', question: QUESTION });
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push((await chat(server, messages)).choices[0]!);
    expect(replies.map((r) => r.finish_reason)).toEqual(['stop', 'stop', 'length', 'stop']);
    expect(replies[1]!.message.content).toContain('\\boxed{48}');
    expect(server.requests.map((r) => r.key.split('#')[1])).toEqual(['0', '1', '2', '3']);
  });

  it('answers the same sample identically when the header names it', async () => {
    const server = await start();
    const messages = buildAnswerMessages({ language: 'en', question: QUESTION });
    const a = await chat(server, messages, { 'x-distill-sample': '1' });
    const b = await chat(server, messages, { 'x-distill-sample': '1' });
    expect(a.choices[0]!.message.content).toBe(b.choices[0]!.message.content);
    expect(server.requests.map((r) => r.key)).toEqual([`answer:${QUESTION}#1`, `answer:${QUESTION}#1`]);
  });

  it('synthesises an answer with reasoning for a question it has no record of', async () => {
    const server = await start({ reasoningMode: 'think-tag' });
    const body = await chat(server, buildAnswerMessages({ language: 'zh', question: '太极拳对平衡能力有什么影响？' }));
    const content = body.choices[0]!.message.content;
    expect(content).toMatch(/^<think>\n题目问的是：“太极拳对平衡能力有什么影响？”[\s\S]*<\/think>\n\n简要回答/);
    expect(body.choices[0]!.message.reasoning_content).toBeUndefined();
  });
});

describe('offline teacher: faults', () => {
  const answer = (server: OfflineTeacher) =>
    post(server, { model: 'm', messages: buildAnswerMessages({ language: 'en', question: QUESTION }) });

  it('applies a rule to every Nth matching request, with retry-after', async () => {
    const server = await start({ faults: [{ type: 'status', status: 503, every: 2, retryAfter: 7 }] });
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await answer(server));
    expect(responses.map((r) => r.status)).toEqual([200, 503, 200, 503]);
    expect(responses[1]!.headers.get('retry-after')).toBe('7');
    expect(await responses[1]!.json()).toMatchObject({ error: { message: anyString(), type: 'server_error' } });
    expect(server.requests.map((r) => r.fault)).toEqual([undefined, 'status', undefined, 'status']);
  });

  it('limits a rule to a kind and to keys containing a text, and can be replaced', async () => {
    const server = await start({ faults: [{ type: 'status', status: 500, kind: 'tags', match: 'Pacing' }] });
    expect((await post(server, { model: 'm', messages: tags(['Running'], 2) })).status).toBe(200);
    expect((await post(server, { model: 'm', messages: tags(['Running', 'Pacing'], 2) })).status).toBe(500);
    expect((await answer(server)).status).toBe(200);
    server.setFaults([{ type: 'status', status: 429 }]);
    expect((await answer(server)).status).toBe(429);
  });

  it('never breaks the JSON of an answer (list faults apply to lists only)', async () => {
    const server = await start({ faults: [{ type: 'broken-json' }] });
    const body = (await (await answer(server)).json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]!.message.content).toContain('\\boxed{49}');
    expect(server.requests[0]!.fault).toBeUndefined();
  });

  it('draws probabilistic faults from a seeded generator, the same schedule each run', async () => {
    const schedule = async () => {
      const server = await start({ faults: [{ type: 'status', status: 500, probability: 0.5, seed: 42 }] });
      const statuses = [];
      for (let i = 0; i < 12; i++) statuses.push((await answer(server)).status);
      await server.close();
      teacher = undefined;
      return statuses;
    };
    const first = await schedule();
    expect(await schedule()).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(500);
  });

  it('requires the configured key when given one', async () => {
    const server = await start({ apiKey: 'secret' });
    expect((await post(server, { model: 'm', messages: [] })).status).toBe(401);
    expect(
      (await post(server, { model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { authorization: 'Bearer secret' })).status,
    ).toBe(200);
  });
});
