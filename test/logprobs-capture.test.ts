import { afterEach, describe, expect, it } from 'vitest';
import { packagePath } from '../src/core/package-paths.js';
import { createTeacherClient } from '../src/llm/client.js';
import type { Completion } from '../src/llm/completion.js';
import { buildAnswerMessages } from '../src/llm/prompt-messages.js';
import { SAMPLE_HEADER } from '../src/llm/sample-header.js';
import { concatBytes, type SoftLabels } from '../src/logprobs/soft-labels.js';
import { loadFixtureFile } from '../src/offline-teacher/fixtures.js';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import type { ReasoningMode } from '../src/offline-teacher/completion-body.js';

const QUESTION =
  'A runner covers the first half of a 10 km race in 25 minutes and the second half in 24 minutes. What is the finishing time in minutes?';

let teacher: OfflineTeacher | undefined;
afterEach(async () => {
  await teacher?.close();
  teacher = undefined;
});

async function ask(options: { stream: boolean; mode: ReasoningMode; topK: number; tokenIds?: boolean }): Promise<Completion> {
  const fixtures = [await loadFixtureFile(packagePath('fixtures', 'test', 'running-en.json'))];
  teacher = await startOfflineTeacher({ fixtures, reasoningMode: options.mode });
  const client = createTeacherClient({ baseUrl: teacher.url, apiKey: 'k', timeoutMs: 5_000, maxRetries: 0, stream: options.stream });
  return client.complete({
    model: 'deepseek-reasoner',
    messages: buildAnswerMessages({ language: 'en', question: QUESTION }),
    headers: { [SAMPLE_HEADER]: '0' },
    logprobs: { topK: options.topK, ...(options.tokenIds ? { tokenIds: true } : {}) },
  });
}

function labelsOf(completion: Completion): SoftLabels {
  if (completion.softLabels?.kind !== 'kept') throw new Error(`no soft labels: ${JSON.stringify(completion.softLabels)}`);
  return completion.softLabels.labels;
}

/** The Done-when invariants: the tokens spell the stored texts, every list sorted, ≤ 0, holding the sampled token. */
function expectConsistent(completion: Completion, topK: number): void {
  const labels = labelsOf(completion);
  const all = Buffer.from(concatBytes(labels.tokens));
  expect(all.subarray(...labels.reasoningSpan).toString('utf8')).toBe(completion.reasoning);
  expect(all.subarray(...labels.answerSpan).toString('utf8')).toBe(completion.answer);
  const answerBytes = labels.tokens.slice(0, labels.reasoningTokens).reduce((sum, token) => sum + token.bytes.length, 0);
  expect(answerBytes).toBeLessThanOrEqual(labels.answerSpan[0]);
  for (const token of labels.tokens) {
    expect(token.logprob).toBeLessThanOrEqual(0);
    expect(token.top.length).toBeLessThanOrEqual(topK + 1);
    expect(token.top.map((choice) => choice.logprob)).toEqual([...token.top.map((choice) => choice.logprob)].sort((a, b) => b - a));
    expect(token.top.some((choice) => Buffer.from(choice.bytes).equals(Buffer.from(token.bytes)) && choice.logprob === token.logprob)).toBe(
      true,
    );
  }
}

describe('capturing logprobs from an OpenAI-compatible server', () => {
  for (const stream of [false, true]) {
    for (const mode of ['field', 'think-tag'] as const) {
      it(`keeps reasoning and answer tokens with their boundary (${stream ? 'streamed' : 'not streamed'}, reasoning as ${mode})`, async () => {
        const completion = await ask({ stream, mode, topK: 5 });
        expect(completion.reasoning.length).toBeGreaterThan(0);
        expect(completion.answer.length).toBeGreaterThan(0);
        expectConsistent(completion, 5);
        const labels = labelsOf(completion);
        expect(labels.reasoningTokens).toBeGreaterThan(0);
        expect(labels.reasoningTokens).toBeLessThan(labels.tokens.length);
      });
    }
  }

  it('keeps the token ids a vLLM server returns with return_tokens_as_token_ids', async () => {
    const completion = await ask({ stream: true, mode: 'field', topK: 20, tokenIds: true });
    expectConsistent(completion, 20);
    const labels = labelsOf(completion);
    expect(labels.tokens.every((token) => token.id !== null && token.top.length === 20)).toBe(true);
  });

  it('asks for nothing when topK is 0', async () => {
    const completion = await ask({ stream: false, mode: 'field', topK: 0 });
    expect(completion.softLabels).toBeUndefined();
  });
});

describe('token ids asked of a server that does not know the parameter', () => {
  it('are given up after its 400, and the logprobs are kept without them', async () => {
    teacher = await startOfflineTeacher({
      faults: [{ type: 'status', status: 400, message: 'Unrecognized request argument supplied: return_tokens_as_token_ids', times: 1 }],
    });
    const client = createTeacherClient({ baseUrl: teacher.url, apiKey: 'k', timeoutMs: 5_000, maxRetries: 0, stream: false });
    const ask = () =>
      client.complete({
        model: 'gpt-4o',
        messages: buildAnswerMessages({ language: 'en', question: QUESTION }),
        logprobs: { topK: 5, tokenIds: true },
      });
    for (const completion of [await ask(), await ask()]) {
      const labels = labelsOf(completion);
      expect(labels.tokens.length).toBeGreaterThan(10);
      expect(labels.tokens.every((token) => token.id === null)).toBe(true);
    }
    // The refused request, its retry without ids, and the next request, asked without ids at once.
    expect(teacher.requests.filter((entry) => entry.kind === 'answer').map((entry) => entry.status)).toEqual([400, 200, 200]);
  });
});
