import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJson } from '../../test/support/json.js';
import { datasetInfoEntry, mergeDatasetInfo, type DatasetInfoEntry } from './dataset-info.js';

describe('datasetInfoEntry', () => {
  it('maps alpaca columns, with the system column only when there is one', () => {
    expect(datasetInfoEntry('alpaca', 'out.jsonl', false)).toEqual({
      file_name: 'out.jsonl',
      formatting: 'alpaca',
      columns: { prompt: 'instruction', query: 'input', response: 'output' },
    });
    expect(datasetInfoEntry('alpaca', 'out.jsonl', true).columns.system).toBe('system');
  });

  it('maps sharegpt conversations and their role tags', () => {
    expect(datasetInfoEntry('sharegpt', 'out.jsonl', true)).toEqual({
      file_name: 'out.jsonl',
      formatting: 'sharegpt',
      columns: { messages: 'conversations', system: 'system' },
      tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
    });
  });

  it('maps the OpenAI messages layout as sharegpt with role/content tags', () => {
    expect(datasetInfoEntry('messages', 'out.jsonl', true)).toEqual({
      file_name: 'out.jsonl',
      formatting: 'sharegpt',
      columns: { messages: 'messages' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
    });
  });
});

describe('mergeDatasetInfo', () => {
  it("keeps the user's other datasets and replaces our own entry", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-info-'));
    const path = join(dir, 'dataset_info.json');
    await writeFile(path, JSON.stringify({ mine: { file_name: 'mine.json' }, out: { file_name: 'old.json' } }));
    await mergeDatasetInfo(path, { out: datasetInfoEntry('alpaca', 'out.jsonl', false) });
    const merged = await readJson<Record<string, DatasetInfoEntry>>(path);
    expect(merged.mine).toEqual({ file_name: 'mine.json' });
    expect(merged.out?.file_name).toBe('out.jsonl');
  });

  it('refuses to overwrite a dataset_info.json it cannot read, and says which', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distill-info-'));
    const path = join(dir, 'dataset_info.json');
    await writeFile(path, '{ "mine": ');
    await expect(mergeDatasetInfo(path, { out: datasetInfoEntry('alpaca', 'out.jsonl', false) })).rejects.toThrow(
      `${path} is not valid JSON`,
    );
    expect(await readFile(path, 'utf8')).toBe('{ "mine": ');
  });
});
