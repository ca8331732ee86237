// Turns one accepted question/answer pair into the record of an export format (README, Exporting).
import type { ExportFormat, ReasoningMode } from './export-options.js';

/** What a record is made of: the current question text and the candidate's two parts. */
export interface ExportItem {
  /** The candidate id, written as `id` when the shape asks for ids. */
  id: string;
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
  /** Write the candidate id as `id`. */
  ids?: boolean;
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
  if (shape.ids) record.id = item.id;
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
    case 'prompt-completion': {
      // TRL's conversational prompt-completion form: loss on the completion only, by default.
      const assistant: ExportRecord = { role: 'assistant', content: output };
      if (withField) assistant.reasoning_content = item.reasoning;
      const prompt: ExportRecord[] = [];
      if (shape.system !== undefined) prompt.push({ role: 'system', content: shape.system });
      prompt.push({ role: 'user', content: item.question });
      return { prompt, completion: [assistant] };
    }
  }
}

/**
 * Why a `<think>` record would be misread, or null. LLaMA-Factory cuts a thought at the first
 * `</think>` (a non-greedy match) and Qwen3's chat template splits the content at `</think>`: a
 * trace or an answer that itself holds one of the tags would be split in the wrong place.
 */
export function thinkBlockProblem(item: Pick<ExportItem, 'reasoning' | 'answer'>): string | null {
  if (/<\/?think>/.test(item.reasoning)) return 'the reasoning trace itself contains a <think> or </think> tag';
  if (/<\/?think>/.test(item.answer)) return 'the answer contains a <think> or </think> tag';
  return null;
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
    case 'prompt-completion':
      return ['prompt', 'completion'];
  }
}

/**
 * Null when the name can be a tag field, else why not (for a usage error). `consumer` names what
 * the target itself reads (TRL's `tools`, `images`, `prompt`, …), `by` says whose names they are.
 */
export function checkTagFieldName(
  name: string,
  format: ExportFormat,
  consumer: { reserved: readonly string[]; by: string } = { reserved: [], by: '' },
  ids = false,
): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return `--tag-field "${name}" is not a plain field name; use letters, digits and _`;
  }
  if (reservedFields(format).includes(name)) {
    return `--tag-field "${name}" is a field of the ${format} format; choose another name, e.g. "tag"`;
  }
  if (consumer.reserved.includes(name)) {
    return `--tag-field "${name}" is a field ${consumer.by} reads itself; choose another name, e.g. "tag"`;
  }
  if (ids && name === 'id') return '--tag-field "id" is where --ids puts the candidate id; choose another name, e.g. "tag"';
  return null;
}
