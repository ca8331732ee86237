// LLaMA-Factory's dataset_info.json (see its data/README.md): one entry per exported file, merged
// into an existing file so that a user's other datasets stay registered.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../store/atomic-file.js';
import { ExportError } from './export-error.js';
import type { ExportFormat } from './export-options.js';

/** The formats LLaMA-Factory has a dataset_info.json layout for. */
export type LlamaFactoryFormat = Exclude<ExportFormat, 'prompt-completion'>;

export interface DatasetInfoEntry {
  file_name: string;
  formatting: 'alpaca' | 'sharegpt';
  columns: Record<string, string>;
  tags?: Record<string, string>;
}

/**
 * Extra fields (a tag path, a `reasoning` field) are not mapped: LLaMA-Factory keeps only the
 * mapped columns, so they ride along in the file without confusing training.
 */
export function datasetInfoEntry(format: LlamaFactoryFormat, fileName: string, hasSystem: boolean): DatasetInfoEntry {
  const system: Record<string, string> = hasSystem ? { system: 'system' } : {};
  switch (format) {
    case 'alpaca':
      return {
        file_name: fileName,
        formatting: 'alpaca',
        columns: { prompt: 'instruction', query: 'input', response: 'output', ...system },
      };
    case 'sharegpt':
      return {
        file_name: fileName,
        formatting: 'sharegpt',
        columns: { messages: 'conversations', ...system },
        tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
      };
    case 'messages':
      // The OpenAI layout is sharegpt with other keys; a system prompt is the first message.
      return {
        file_name: fileName,
        formatting: 'sharegpt',
        columns: { messages: 'messages' },
        tags: {
          role_tag: 'role',
          content_tag: 'content',
          user_tag: 'user',
          assistant_tag: 'assistant',
          system_tag: 'system',
        },
      };
  }
}

/**
 * Adds or replaces `entries` in the dataset_info.json at `path`, keeping every other entry; the
 * result goes to `destination` (a temporary name, when the export's commit moves it into place).
 * `removed` names entries of files the export took away (the validation file of an earlier split).
 */
export async function mergeDatasetInfo(
  path: string,
  entries: Record<string, DatasetInfoEntry>,
  destination = path,
  removed: readonly string[] = [],
): Promise<void> {
  const existing = await readDatasetInfo(path);
  for (const name of removed) delete existing[name];
  const merged = { ...existing, ...entries };
  await writeFileAtomic(destination, JSON.stringify(merged, null, 2) + '\n');
}

/** The entries of an existing dataset_info.json ({} when there is none); a corrupt one is an ExportError. */
export async function readDatasetInfo(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ExportError(`${path} is not valid JSON; fix or move it, then export again`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ExportError(`${path} is not a JSON object of datasets; fix or move it, then export again`);
  }
  return parsed as Record<string, unknown>;
}
