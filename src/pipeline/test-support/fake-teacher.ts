// A TeacherClient that answers in-process, for unit tests of the pipeline: no
// server, no SDK. It recognises our prompts (as the offline teacher does) and
// writes plain answers; `fail` lets a test make any request throw.
import type { CompletionRequest, TeacherClient } from '../../llm/index.js';
import type { Completion } from '../../llm/index.js';
import { recognizeRequest } from '../../offline-teacher/recognize-request.js';

export interface FakeTeacher extends TeacherClient {
  readonly requests: CompletionRequest[];
  /** Requests waiting for an answer right now. */
  inFlight: number;
  /** The most ever in flight at once. */
  peakInFlight: number;
}

export interface FakeTeacherOptions {
  baseUrl?: string;
  /** An error to throw for this request instead of answering, or null to answer. */
  fail?: (request: CompletionRequest, index: number) => Error | null;
  delayMs?: number;
  /** Tokens reported per request. */
  usage?: { promptTokens: number; completionTokens: number };
}

export function fakeTeacher(options: FakeTeacherOptions = {}): FakeTeacher {
  const requests: CompletionRequest[] = [];
  const client: FakeTeacher = {
    baseUrl: options.baseUrl ?? 'http://fake.test/v1',
    requests,
    inFlight: 0,
    peakInFlight: 0,
    listModels: () => Promise.resolve(['fake']),
    complete: async (request) => {
      const index = requests.push(request) - 1;
      client.inFlight++;
      client.peakInFlight = Math.max(client.peakInFlight, client.inFlight);
      try {
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        const error = options.fail?.(request, index);
        if (error) throw error;
        return reply(request, options.usage ?? { promptTokens: 10, completionTokens: 20 });
      } finally {
        client.inFlight--;
      }
    },
  };
  return client;
}

function reply(request: CompletionRequest, usage: { promptTokens: number; completionTokens: number }): Completion {
  const recognized = recognizeRequest(request.messages);
  const base = { reasoning: 'Thinking it through.', finishReason: 'stop', usage, model: request.model, latencyMs: 1 };
  switch (recognized.kind) {
    case 'tags': {
      const names = Array.from(
        { length: recognized.count },
        (_, i) => `${recognized.path.split(' > ').at(-1)} part ${recognized.siblings.length + i + 1}`,
      );
      return { ...base, answer: JSON.stringify({ tags: names }) };
    }
    case 'questions': {
      const questions = Array.from({ length: recognized.count }, (_, i) => ({
        text: `Question ${recognized.existing.length + i + 1} about ${recognized.path}?`,
        difficulty: 'medium',
      }));
      return { ...base, answer: JSON.stringify({ questions }) };
    }
    case 'answer':
      return { ...base, answer: `An answer to: ${recognized.question} (sample ${request.headers?.['x-distill-sample'] ?? '?'})` };
    case 'judge':
      return { ...base, answer: JSON.stringify({ score: 7, verdict: 'cannot_tell', rationale: 'A fake judge.' }) };
  }
}
