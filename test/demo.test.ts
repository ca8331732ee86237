import type { DatasetInfoEntry } from '../src/export/dataset-info.js';
import { readJson, readJsonLines } from './support/json.js';
import { anyString, stringContaining, stringMatching } from './support/matchers.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, statsOf, tempDir } from './support/run-cli.js';

const DEMO_FLAGS = {
  en: { truncated: 6, repetition: 1, refusal: 1, wrong_language: 1, format: 1, too_short: 28 },
  zh: { truncated: 3, repetition: 2, refusal: 1, wrong_language: 1, format: 1, too_short: 28 },
};

describe('distill demo --auto', () => {
  for (const language of ['en', 'zh'] as const) {
    it(`generates, checks, accepts and exports the ${language} demo, and says where the export went`, async () => {
      const dir = join(await tempDir(), 'demo');
      const result = await runCli(['demo', '--auto', '--dir', dir, '--language', language]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`Exported the accepted candidates to ${join(dir, 'export')}/`);

      const stats = await statsOf(dir);
      expect(stats).toMatchObject({ tags: 12, leafTags: 9, questions: 27, candidates: 108 });
      // The planted flaws are caught, and those of the pool's teachers (r1 runs past the token limit now and
      // then, mini barely reasons: too short a trace); every question with a passing candidate got one accepted.
      expect(stats.flags).toMatchObject(DEMO_FLAGS[language]);
      expect(Object.fromEntries(Object.entries(stats.teachers).map(([name, figures]) => [name, figures.candidates]))).toEqual({
        default: 54,
        r1: 27,
        mini: 27,
      });
      expect(stats.teachers['mini']!.passing).toBe(0);
      expect(stats.status.accepted).toBeGreaterThanOrEqual(25);

      const alpaca = await readJsonLines<Record<string, unknown>>(join(dir, 'export', 'alpaca.jsonl'));
      const sharegpt = await readJsonLines<Record<string, unknown>>(join(dir, 'export', 'sharegpt.jsonl'));
      const messages = await readJsonLines<Record<string, unknown>>(join(dir, 'export', 'messages.jsonl'));
      for (const records of [alpaca, sharegpt, messages]) expect(records).toHaveLength(stats.status.accepted);
      for (const record of alpaca) {
        expect(record).toMatchObject({
          instruction: anyString(),
          input: '',
          output: stringMatching(/^<think>\n[\s\S]+\n<\/think>\n\n\S/),
        });
      }
      for (const record of sharegpt) {
        expect(record.conversations).toEqual([
          { from: 'human', value: anyString() },
          { from: 'gpt', value: stringContaining('</think>') },
        ]);
      }
      for (const record of messages) {
        expect(record.messages).toEqual([
          { role: 'user', content: anyString() },
          { role: 'assistant', content: stringContaining('</think>') },
        ]);
      }
      const datasetInfo = await readJson<Record<string, DatasetInfoEntry>>(join(dir, 'export', 'dataset_info.json'));
      expect(datasetInfo.alpaca).toMatchObject({ file_name: 'alpaca.jsonl', formatting: 'alpaca' });
      expect(datasetInfo.sharegpt).toMatchObject({ file_name: 'sharegpt.jsonl', formatting: 'sharegpt' });
    });
  }
});
