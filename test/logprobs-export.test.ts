// `export --logprobs`: one Parquet row per exported record, in order, keyed by id, with offsets
// into the exported assistant text; read back with hyparquet (an independent reader). And the
// low_confidence rule in check and stats.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterEach, describe, expect, it } from 'vitest';
import { startOfflineTeacher, type OfflineTeacher } from '../src/offline-teacher/offline-teacher.js';
import { tempDir } from './support/run-cli.js';
import { runMain } from './support/run-main.js';

let teacher: OfflineTeacher | undefined;
afterEach(async () => {
  await teacher?.close();
  teacher = undefined;
});

interface Row {
  id: string;
  tokens: string[];
  offsets: number[];
  logprobs: number[];
  top_tokens: string[][];
  top_logprobs: number[][];
}

async function project(): Promise<string> {
  teacher = await startOfflineTeacher({});
  const dir = join(await tempDir(), 'p');
  const steps = [
    ['init', dir, '--topic', 'Sports science', '--base-url', teacher.url, '--logprobs', '5'],
    ['auto', '--levels', '1', '--tags-per-level', '2', '--questions-per-tag', '3', '--candidates', '3', '--project', dir],
    ['accept', '--passing', '--project', dir],
  ];
  for (const step of steps) {
    const result = await runMain(step);
    expect(result.code, result.stderr).toBe(0);
  }
  return dir;
}

async function readRows(file: string): Promise<Row[]> {
  const bytes = await readFile(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return (await parquetReadObjects({ file: buffer, compressors })) as unknown as Row[];
}

describe('export --logprobs', () => {
  for (const reasoning of ['think', 'none'] as const) {
    it(`writes one row per exported record, in order, aligned to the assistant text (--reasoning ${reasoning})`, async () => {
      const dir = await project();
      const out = join(dir, 'export', 'train.jsonl');
      const parquet = join(dir, 'export', 'train.logprobs.parquet');
      const result = await runMain([
        'export',
        '--format',
        'messages',
        '--reasoning',
        reasoning,
        '--ids',
        '--out',
        out,
        '--logprobs',
        parquet,
        '--project',
        dir,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/logprobs/);
      const records = (await readFile(out, 'utf8'))
        .split('\n')
        .filter((line) => line)
        .map((line) => JSON.parse(line) as { id: string; messages: { role: string; content: string }[] });
      const rows = await readRows(parquet);
      expect(rows.map((row) => row.id)).toEqual(records.map((record) => record.id));
      records.forEach((record, i) => {
        const row = rows[i]!;
        const assistant = Buffer.from(record.messages.find((message) => message.role === 'assistant')!.content);
        expect(row.tokens.length).toBeGreaterThan(0);
        row.tokens.forEach((token, t) => {
          const at = row.offsets[t]!;
          const whole = assistant.subarray(at, at + Buffer.byteLength(token)).toString() === token;
          // A token that began in trimmed whitespace is placed where the text starts.
          const trimmed = token.trimStart();
          const clamped = assistant.subarray(at, at + Buffer.byteLength(trimmed)).toString() === trimmed;
          expect(whole || clamped, `${record.id} token ${t} ${JSON.stringify(token)} at ${at}`).toBe(true);
          expect(row.top_logprobs[t]!.every((value, k) => value <= 0 && (k === 0 || row.top_logprobs[t]![k - 1]! >= value))).toBe(true);
          expect(row.top_tokens[t]).toContain(token);
        });
      });
    });
  }

  it('says what to do when the file name is not .parquet, and writes nothing', async () => {
    const dir = await project();
    const result = await runMain([
      'export',
      '--format',
      'alpaca',
      '--out',
      join(dir, 'x.jsonl'),
      '--logprobs',
      join(dir, 'x.csv'),
      '--project',
      dir,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.parquet/);
  });

  it('lists low_confidence in check and stats', async () => {
    const dir = await project();
    const check = await runMain(['check', '--project', dir]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/low_confidence/);
    const stats = await runMain(['stats', '--json', '--project', dir]);
    const flags = (JSON.parse(stats.stdout) as { flags: Record<string, number> }).flags;
    expect(flags['low_confidence']).toBeGreaterThan(0);
  });
});
