// Structured output for list requests: the `response_format` a server is asked for, and which
// one to ask for. OpenAI and vLLM take `{type: "json_schema", json_schema: {name, schema, strict}}`
// (vLLM compiles the schema into a grammar; OpenAI's strict mode wants every property required and
// no extra keys) and `{type: "json_object"}` (any JSON object; the prompt must say "JSON", ours do).
// Servers without it answer 400, which `auto` takes as "step down and remember".
import type { ListKind } from './list-schemas.js';

/** A teacher's setting (distill.json). */
export type StructuredOutputSetting = 'auto' | 'json_schema' | 'json_object' | 'off';
export const STRUCTURED_OUTPUT_SETTINGS: readonly StructuredOutputSetting[] = ['auto', 'json_schema', 'json_object', 'off'];

/** What one request carries. */
export type StructuredOutputMode = Exclude<StructuredOutputSetting, 'auto'>;

export type ResponseFormat =
  { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown>; strict: boolean } } | { type: 'json_object' };

// The shapes the prompts ask for ({"questions": [...]}, {"tags": [...]}), in the subset of JSON
// Schema that strict mode accepts.
const RESPONSE_SCHEMAS: Record<ListKind, { name: string; schema: Record<string, unknown> }> = {
  'question-list': {
    name: 'question_list',
    schema: {
      type: 'object',
      properties: {
        questions: {
          type: 'array',
          items: {
            type: 'object',
            properties: { text: { type: 'string' }, difficulty: { type: 'string', enum: ['easy', 'medium', 'hard'] } },
            required: ['text', 'difficulty'],
            additionalProperties: false,
          },
        },
      },
      required: ['questions'],
      additionalProperties: false,
    },
  },
  'tag-list': {
    name: 'tag_list',
    schema: {
      type: 'object',
      properties: { tags: { type: 'array', items: { type: 'string' } } },
      required: ['tags'],
      additionalProperties: false,
    },
  },
};

/** The `response_format` of a list request in `mode`; undefined for 'off'. */
export function responseFormatFor(kind: ListKind, mode: StructuredOutputMode): ResponseFormat | undefined {
  switch (mode) {
    case 'json_schema':
      return { type: 'json_schema', json_schema: { ...RESPONSE_SCHEMAS[kind], strict: true } };
    case 'json_object':
      return { type: 'json_object' };
    case 'off':
      return undefined;
  }
}

/** The mode to try after a server refused `mode` with a 400; null when there is nothing lower. */
export function fallbackMode(mode: StructuredOutputMode): StructuredOutputMode | null {
  switch (mode) {
    case 'json_schema':
      return 'json_object';
    case 'json_object':
      return 'off';
    case 'off':
      return null;
  }
}

/**
 * What `auto` has learned per endpoint and model (the key), for the run and,
 * when backed by a file, for the project: a server that refused structured
 * output once is not asked again.
 */
export interface StructuredOutputMemory {
  recall(key: string): StructuredOutputMode | undefined;
  remember(key: string, mode: StructuredOutputMode): void;
}

/** Memory for one process (tests, batch export): nothing is written. */
export function inMemoryStructuredOutput(initial: Record<string, StructuredOutputMode> = {}): StructuredOutputMemory {
  const modes = new Map(Object.entries(initial));
  return {
    recall: (key) => modes.get(key),
    remember: (key, mode) => void modes.set(key, mode),
  };
}

/** The mode a request starts with. */
export function startingMode(
  setting: StructuredOutputSetting,
  memory: StructuredOutputMemory | undefined,
  key: string,
): StructuredOutputMode {
  return setting === 'auto' ? (memory?.recall(key) ?? 'json_schema') : setting;
}
