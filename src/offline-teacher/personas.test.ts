import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineTeacher, type OfflineTeacher } from './offline-teacher.js';

let teacher: OfflineTeacher | undefined;
afterEach(async () => {
  await teacher?.close();
  teacher = undefined;
});

interface ChatReply {
  model: string;
  choices: { message: { content: string; reasoning_content?: string }; finish_reason: string }[];
}

async function ask(model: string, signal?: AbortSignal): Promise<ChatReply> {
  teacher ??= await startOfflineTeacher();
  const response = await fetch(`${teacher.url}/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'What is a tempo run?' }] }),
    ...(signal ? { signal } : {}),
  });
  return (await response.json()) as ChatReply;
}

describe('the offline teacher plays a teacher per model name', () => {
  it('answers as itself by default: the trace in reasoning_content', async () => {
    const reply = await ask('offline-teacher');
    expect(reply.choices[0]!.message.reasoning_content!.length).toBeGreaterThan(20);
    expect(reply.choices[0]!.message.content).not.toContain('<think>');
  });

  it('thinks in a <think> block as offline-r1, list styles after a + included', async () => {
    for (const model of ['offline-r1', 'offline-r1+strings']) {
      const reply = await ask(model);
      expect(reply.model).toBe(model);
      expect(reply.choices[0]!.message.content.startsWith('<think>\n')).toBe(true);
      expect(reply.choices[0]!.message.reasoning_content).toBeUndefined();
    }
  });

  it('barely reasons as offline-mini', async () => {
    const reply = await ask('offline-mini');
    expect(reply.choices[0]!.message.reasoning_content).toBe('Answering directly.');
    expect(reply.choices[0]!.message.content.length).toBeGreaterThan(20);
  });

  it('never answers as offline-silent', async () => {
    teacher = await startOfflineTeacher();
    const controller = new AbortController();
    const pending = ask('offline-silent', controller.signal);
    // Wait for the server to hold the request, however slow the machine, then give up on it.
    while (!teacher.requests.some((request) => request.fault === 'hang')) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(teacher.requests.at(-1)).toMatchObject({ status: 0, fault: 'hang' });
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});
