// Turns one accepted question/answer pair into the record of an export format (README, Exporting).
import type { ExportFormat, ReasoningMode } from './export-options.js';

/** What a record is made of: the current question text and the candidate's two parts. */
export interface ExportItem {
  question: string;
  reasoning: string;
  answer: string;
  /** "A > B": the question's tag path, used only when a tag field is asked for. */
  tagPath: string;
}

export interface RecordShape {
  format: ExportFormat;
  reasoning: ReasoningMode;
  system?: string;
  tagField?: string;
}

export type ExportRecord = Record<string, unknown>;

/** The DeepSeek-R1 template: an empty trace still gets its (empty) block. */
export function wrapThink(reasoning: string, answer: string): string {
  return '<think>\n' + reasoning + '\n</think>\n\n' + answer;
}

function assistantText(item: ExportItem, mode: ReasoningMode): string {
  return mode === 'think' ? wrapThink(item.reasoning, item.answer) : item.answer;
}

export function formatRecord(item: ExportItem, shape: RecordShape): ExportRecord {
  const record = buildFormatRecord(item, shape);
  if (shape.tagField !== undefined) record[shape.tagField] = item.tagPath;
  return record;
}

function buildFormatRecord(item: ExportItem, shape: RecordShape): ExportRecord {
  const output = assistantText(item, shape.reasoning);
  const withField = shape.reasoning === 'field';
  switch (shape.format) {
    case 'alpaca': {
      const record: ExportRecord = { instruction: item.question, input: '', output };
      if (shape.system !== undefined) record.system = shape.system;
      if (withField) record.reasoning = item.reasoning;
      return record;
    }
    case 'sharegpt': {
      const record: ExportRecord = {
        conversations: [
          { from: 'human', value: item.question },
          { from: 'gpt', value: output },
        ],
      };
      if (shape.system !== undefined) record.system = shape.system;
      if (withField) record.reasoning = item.reasoning;
      return record;
    }
    case 'messages': {
      const assistant: ExportRecord = { role: 'assistant', content: output };
      if (withField) assistant.reasoning_content = item.reasoning;
      const messages: ExportRecord[] = [];
      if (shape.system !== undefined) messages.push({ role: 'system', content: shape.system });
      messages.push({ role: 'user', content: item.question }, assistant);
      return { messages };
    }
  }
}

/** Top-level keys a format uses itself; a tag field may not take one of them. */
export function reservedFields(format: ExportFormat): readonly string[] {
  switch (format) {
    case 'alpaca':
      return ['instruction', 'input', 'output', 'system', 'history', 'reasoning'];
    case 'sharegpt':
      return ['conversations', 'system', 'tools', 'reasoning'];
    case 'messages':
      return ['messages'];
  }
}

/** Null when the name can be a tag field of this format, else why not (for a usage error). */
export function checkTagFieldName(name: string, format: ExportFormat): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return `--tag-field "${name}" is not a plain field name; use letters, digits and _`;
  }
  if (reservedFields(format).includes(name)) {
    return `--tag-field "${name}" is a field of the ${format} format; choose another name, e.g. "tag"`;
  }
  return null;
}
