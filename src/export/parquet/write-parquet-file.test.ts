// Written by parquet-wasm, read back by hyparquet (an independent implementation): the values,
// nulls, nesting and row groups a reader sees.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { ParquetFileWriter, RecordBatchBuilder, writeParquetFile, type ColumnFields } from './index.js';

async function readBack(path: string): Promise<{ rows: Record<string, unknown>[]; rowGroups: number }> {
  const bytes = await readFile(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  return { rows: await parquetReadObjects({ file }), rowGroups: parquetMetadata(file).row_groups.length };
}

const CHAT: ColumnFields = {
  messages: {
    type: {
      list: { struct: { role: { type: 'string' }, content: { type: 'string' }, reasoning_content: { type: 'string', nullable: true } } },
    },
  },
  tag: { type: 'string', nullable: true },
  score: { type: 'float64' },
  tokens: { type: { list: 'int32' } },
  kept: { type: 'bool' },
};

describe('writeParquetFile', () => {
  it('writes nested chat records, nulls and numbers that another reader loads as they were', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'distill-parquet-')), 'chat.parquet');
    const rows = [
      {
        messages: [
          { role: 'user', content: '马拉松前为什么要减量训练？' },
          { role: 'assistant', content: '<think>\n嗯……\n</think>\n\n为了恢复。', reasoning_content: 'trace' },
        ],
        tag: 'Endurance > Taper',
        score: 0.25,
        tokens: [1, 2, 3],
        kept: true,
      },
      { messages: [], tag: null, score: -1.5, tokens: [], kept: false },
    ];
    expect(await writeParquetFile(path, CHAT, rows)).toEqual({ rows: 2 });
    const back = await readBack(path);
    expect(back.rows).toEqual([
      {
        messages: [
          { role: 'user', content: '马拉松前为什么要减量训练？', reasoning_content: null },
          { role: 'assistant', content: '<think>\n嗯……\n</think>\n\n为了恢复。', reasoning_content: 'trace' },
        ],
        tag: 'Endurance > Taper',
        score: 0.25,
        tokens: [1, 2, 3],
        kept: true,
      },
      { messages: [], tag: null, score: -1.5, tokens: [], kept: false },
    ]);
  });

  it('streams many batches into row groups of the asked size', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'distill-parquet-')), 'many.parquet');
    const fields: ColumnFields = { id: { type: 'int32' }, text: { type: 'string' } };
    const writer = await ParquetFileWriter.open(path, { rowGroupRows: 1000 });
    const builder = new RecordBatchBuilder(fields);
    for (let i = 0; i < 5000; i++) {
      builder.add({ id: i, text: `row ${i}` });
      if (builder.rows === 700) await writer.write(builder.takeIpc()!);
    }
    await writer.write(builder.take()!);
    await writer.close();
    const back = await readBack(path);
    expect(back.rows).toHaveLength(5000);
    expect(back.rows[4999]).toEqual({ id: 4999, text: 'row 4999' });
    expect(back.rowGroups).toBe(5);
  });

  it('writes float32 values and null list items where the layout allows them', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'distill-parquet-')), 'tokens.parquet');
    const fields: ColumnFields = {
      ids: { type: { list: 'int32', itemsNullable: true } },
      logprobs: { type: { list: 'float32' } },
    };
    await writeParquetFile(path, fields, [{ ids: [7, null], logprobs: [-0.5, -1.25] }], { compression: 'zstd', dictionary: true });
    const bytes = await readFile(path);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    expect(await parquetReadObjects({ file, compressors })).toEqual([{ ids: [7, null], logprobs: [-0.5, -1.25] }]);
  });

  it('names the field of a value of the wrong type', () => {
    const builder = new RecordBatchBuilder(CHAT);
    expect(() => builder.add({ messages: [{ role: 'user', content: 7 }], score: 1, tokens: [], kept: true })).toThrow(
      'messages[0].content: expected a string, got number',
    );
  });
});
