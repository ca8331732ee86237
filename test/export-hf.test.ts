// `distill export --for hf --out DIR` as a user runs it, read back the way the Hub would: the Parquet
// files by hyparquet (an implementation independent of the writer), the card's YAML by a YAML
// parser, and the manifest by `export diff`.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildCandidates } from '../src/core/testing/candidate-builder.js';
import { newProjectConfig } from '../src/core/project-config.js';
import { ProjectStore } from '../src/store/project-store.js';
import { inconsistentRows, trlProblems } from './support/consumer-rules.js';
import { parseJson } from './support/json.js';
import { stringMatching } from './support/matchers.js';
import { runMain } from './support/run-main.js';

async function project(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'distill-export-hf-')), 'project');
  const store = await ProjectStore.create(dir, newProjectConfig({ topic: 'Sports science | pacing', baseUrl: 'offline' }));
  const [endurance, strength] = await store.addTags(null, ['Endurance', 'Strength'], 'manual');
  for (const tag of [endurance!, strength!]) {
    const questions = await store.addQuestions(
      tag.id,
      Array.from({ length: 10 }, (_, i) => ({ text: `${tag.name} question ${i}: why?` })),
      'manual',
    );
    const candidates = questions.flatMap((question) =>
      buildCandidates(question, 2, (sample) => ({
        reasoning: sample === 0 ? 'Okay, let me think about the load.' : '',
        answer: `Answer ${sample}: 马拉松 and ${question.text}`,
        model: sample === 0 ? 'deepseek-r1' : 'qwen3-32b',
      })),
    );
    await store.appendCandidates(candidates);
    await store.decide(candidates.map((candidate) => ({ id: candidate.id, status: 'accepted' as const })));
  }
  await store.close();
  return dir;
}

async function readParquet(path: string): Promise<{ rows: Record<string, unknown>[]; columns: string[] }> {
  const bytes = await readFile(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const columns = parquetMetadata(file)
    .schema.slice(1)
    .filter((element) => element.repetition_type !== undefined && element.name !== 'list' && element.name !== 'item')
    .map((element) => element.name);
  return { rows: await parquetReadObjects({ file }), columns };
}

function cardHeader(card: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(card);
  if (!match) throw new Error('no YAML header');
  return parse(match[1]!) as Record<string, unknown>;
}

describe('distill export --for hf', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await project();
  });

  it('writes a dataset folder: Parquet splits another reader loads, a card whose YAML parses, a manifest', async () => {
    const out = join(dir, 'hub', 'sports');
    const result = await runMain(['export', '--project', dir, '--for', 'hf', '--out', out, '--split', '0.7', '--tag-field', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = parseJson<{ out: string; records: number; files: { path: string; role: string; records: number }[] }>(result.stdout);
    expect(summary.out).toBe(out);
    expect(summary.records).toBe(40);
    expect((await readdir(out)).sort()).toEqual(['README.md', 'data', 'distill-manifest.json']);
    const names = (await readdir(join(out, 'data'))).sort();
    expect(names).toEqual(['train-00000-of-00001.parquet', 'validation-00000-of-00001.parquet']);

    const train = await readParquet(join(out, 'data', names[0]!));
    const validation = await readParquet(join(out, 'data', names[1]!));
    expect(train.rows.length + validation.rows.length).toBe(40);
    expect(validation.rows.length).toBeGreaterThan(0);
    expect(summary.files.map((file) => [file.role, file.records])).toEqual([
      ['train', train.rows.length],
      ['validation', validation.rows.length],
    ]);
    // The Hub's default layout is messages; every row has the same keys and types, as `datasets` needs.
    const rows = [...train.rows, ...validation.rows];
    expect(Object.keys(rows[0]!)).toEqual(['messages', 'tag']);
    expect(inconsistentRows(rows)).toEqual([]);
    for (const row of rows) expect(trlProblems(row)).toEqual([]);
    const first = rows.find((row) => (row.messages as { content: string }[])[0]!.content === 'Endurance question 0: why?')!;
    expect(first.messages).toEqual([
      { role: 'user', content: 'Endurance question 0: why?' },
      {
        role: 'assistant',
        content: stringMatching(/^<think>\n(Okay, let me think about the load\.)?\n<\/think>\n\nAnswer \d: 马拉松/),
      },
    ]);
    expect(first.tag).toBe('Endurance');
    // No question on both sides of the split.
    const questionOf = (row: Record<string, unknown>) => (row.messages as { content: string }[])[0]!.content;
    const trainQuestions = new Set(train.rows.map(questionOf));
    expect(validation.rows.some((row) => trainQuestions.has(questionOf(row)))).toBe(false);

    const card = await readFile(join(out, 'README.md'), 'utf8');
    const header = cardHeader(card);
    expect(header).toMatchObject({
      language: ['en'],
      task_categories: ['text-generation'],
      size_categories: ['n<1K'],
      configs: [
        {
          config_name: 'default',
          data_files: [
            { split: 'train', path: 'data/train-*' },
            { split: 'validation', path: 'data/validation-*' },
          ],
        },
      ],
      dataset_info: {
        features: [
          {
            name: 'messages',
            list: [
              { name: 'role', dtype: 'string' },
              { name: 'content', dtype: 'string' },
            ],
          },
          { name: 'tag', dtype: 'string' },
        ],
        splits: [
          { name: 'train', num_examples: train.rows.length },
          { name: 'validation', num_examples: validation.rows.length },
        ],
      },
    });
    // Provenance: topic (its | escaped for the table-free heading), models, rules, counts, date.
    expect(card).toContain('# Sports science \\| pacing');
    expect(card).toMatch(/\| deepseek-r1 \| 20 \|\n\| qwen3-32b \| 20 \|/);
    expect(card).toMatch(/Accepted candidates: 40; exported: 40/);
    expect(card).toMatch(/Exported \d{4}-\d\d-\d\dT/);
    expect(card).toContain('```json\n{');
  });

  it('writes the other layouts with their own columns, and replaces an earlier export whole', async () => {
    const out = join(dir, 'hub', 'layouts');
    for (const [format, columns] of [
      ['prompt-completion', ['prompt', 'completion']],
      ['alpaca', ['instruction', 'input', 'output', 'reasoning', 'id']],
      ['sharegpt', ['conversations', 'system', 'reasoning', 'id']],
    ] as const) {
      const extra = format === 'prompt-completion' ? [] : ['--reasoning', 'field', '--ids'];
      if (format === 'sharegpt') extra.push('--system', 'You are a coach.');
      const result = await runMain(['export', '--project', dir, '--for', 'hf', '--format', format, ...extra, '--out', out]);
      expect(result.code, result.stderr).toBe(0);
      expect(await readdir(join(out, 'data'))).toEqual(['train-00000-of-00001.parquet']);
      const { rows } = await readParquet(join(out, 'data', 'train-00000-of-00001.parquet'));
      expect(rows).toHaveLength(40);
      expect(Object.keys(rows[0]!)).toEqual(columns);
      expect(inconsistentRows(rows)).toEqual([]);
      const features = (cardHeader(await readFile(join(out, 'README.md'), 'utf8')).dataset_info as { features: { name: string }[] })
        .features;
      expect(features.map((feature) => feature.name)).toEqual(columns);
    }
    expect((await readdir(join(out, '..'))).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('export diff compares two dataset folders', async () => {
    const a = join(dir, 'hub', 'diff-a');
    const b = join(dir, 'hub', 'diff-b');
    expect((await runMain(['export', '--project', dir, '--for', 'hf', '--out', a])).code).toBe(0);
    expect((await runMain(['export', '--project', dir, '--for', 'hf', '--out', b, '--max-per-tag', '15'])).code).toBe(0);
    const diff = await runMain(['export', 'diff', a, b, '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    expect(parseJson(diff.stdout)).toMatchObject({ added: 0, removed: 10, changed: 0, unchanged: 30 });
  });

  it('refuses a file, or a folder of other files, as DIR before writing anything', async () => {
    await writeFile(join(dir, 'a-file'), 'x');
    const file = await runMain(['export', '--project', dir, '--for', 'hf', '--out', join(dir, 'a-file')]);
    expect(file.code).toBe(1);
    expect(file.stderr).toMatch(/^distill: --out .*a-file is a file; --for hf writes a dataset folder, give a folder name\n$/);
    const foreign = join(dir, 'foreign');
    await runMain(['export', '--project', dir, '--format', 'alpaca', '--out', join(foreign, 'train.jsonl')]);
    const before = (await readdir(foreign)).sort();
    const refused = await runMain(['export', '--project', dir, '--for', 'hf', '--out', foreign]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/holds files that are not a distill export/);
    expect((await readdir(foreign)).sort()).toEqual(before);
  });
});
