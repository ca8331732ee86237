// The Parquet columns of each export format: the same fields as its JSONL records, typed, so the
// Hub and `datasets` see one schema in every row (a message's reasoning_content is null where a
// turn has none, never missing).
import type { ExportFormat } from '../export-options.js';
import type { RecordShape } from '../format-record.js';
import type { ColumnField, ColumnFields } from '../parquet/index.js';

const TEXT: ColumnField = { type: 'string' };

function chat(withReasoning: boolean): ColumnFields {
  return {
    messages: {
      type: {
        list: {
          struct: { role: TEXT, content: TEXT, ...(withReasoning ? { reasoning_content: { type: 'string', nullable: true } } : {}) },
        },
      },
    },
  };
}

function formatColumns(format: ExportFormat, shape: RecordShape): ColumnFields {
  const field = shape.reasoning === 'field';
  const system: ColumnFields = shape.system === undefined ? {} : { system: TEXT };
  const reasoning: ColumnFields = field ? { reasoning: TEXT } : {};
  switch (format) {
    case 'alpaca':
      return { instruction: TEXT, input: TEXT, output: TEXT, ...system, ...reasoning };
    case 'sharegpt':
      return { conversations: { type: { list: { struct: { from: TEXT, value: TEXT } } } }, ...system, ...reasoning };
    case 'messages':
      return chat(field);
    case 'prompt-completion':
      return { prompt: { type: chat(false).messages!.type }, completion: { type: chat(field).messages!.type } };
  }
}

export function recordColumns(shape: RecordShape): ColumnFields {
  return {
    ...formatColumns(shape.format, shape),
    ...(shape.tagField === undefined ? {} : { [shape.tagField]: TEXT }),
    ...(shape.ids ? { id: TEXT } : {}),
  };
}
