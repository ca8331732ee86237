import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, statsOf, tempDir } from './support/run-cli.js';

async function jsonLines(file: string): Promise<Record<string, unknown>[]> {
  return (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('distill demo --auto', () => {
  for (const language of ['en', 'zh'] as const) {
    it(`generates, checks, accepts and exports the ${language} demo, and says where the export went`, async () => {
      const dir = join(await tempDir(), 'demo');
      const result = await runCli(['demo', '--auto', '--dir', dir, '--language', language]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`Exported the accepted candidates to ${join(dir, 'export')}/`);

      const stats = await statsOf(dir);
      expect(stats).toMatchObject({ tags: 12, leafTags: 9, questions: 27, candidates: 108 });
      // The planted flaws are caught, and every question with a passing candidate got one accepted.
      expect(stats.flags).toMatchObject({ truncated: 2, repetition: 2, refusal: 1, wrong_language: 1, format: 1 });
      expect(stats.status.accepted).toBeGreaterThanOrEqual(25);

      const alpaca = await jsonLines(join(dir, 'export', 'alpaca.jsonl'));
      const sharegpt = await jsonLines(join(dir, 'export', 'sharegpt.jsonl'));
      const messages = await jsonLines(join(dir, 'export', 'messages.jsonl'));
      for (const records of [alpaca, sharegpt, messages]) expect(records).toHaveLength(stats.status.accepted);
      for (const record of alpaca) {
        expect(record).toMatchObject({
          instruction: expect.any(String),
          input: '',
          output: expect.stringMatching(/^<think>\n[\s\S]+\n<\/think>\n\n\S/),
        });
      }
      for (const record of sharegpt) {
        expect(record.conversations).toEqual([
          { from: 'human', value: expect.any(String) },
          { from: 'gpt', value: expect.stringContaining('</think>') },
        ]);
      }
      for (const record of messages) {
        expect(record.messages).toEqual([
          { role: 'user', content: expect.any(String) },
          { role: 'assistant', content: expect.stringContaining('</think>') },
        ]);
      }
      const datasetInfo = JSON.parse(await readFile(join(dir, 'export', 'dataset_info.json'), 'utf8'));
      expect(datasetInfo.alpaca).toMatchObject({ file_name: 'alpaca.jsonl', formatting: 'alpaca' });
      expect(datasetInfo.sharegpt).toMatchObject({ file_name: 'sharegpt.jsonl', formatting: 'sharegpt' });
    });
  }
});
