import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocateNumbers, emptyTexts, FeatureTable, NUMERIC_COLUMNS, TEXT_COLUMNS } from '../features/feature-table.js';
import {
  CorruptCacheError,
  decodeFeatureTable,
  encodeFeatureTable,
  readFeatureIds,
  readFeatureTableLazily,
  readFeatureTableNumbers,
} from './feature-cache-file.js';

function sampleTable(rows: number): FeatureTable {
  const numbers = allocateNumbers(rows);
  const texts = emptyTexts();
  NUMERIC_COLUMNS.forEach((column, c) => {
    for (let row = 0; row < rows; row++) numbers[column][row] = c * 1000 + row;
  });
  for (const column of TEXT_COLUMNS) texts[column] = Array.from({ length: rows }, (_, row) => `${column} ${row} 中文`);
  return new FeatureTable(rows, numbers, () => texts);
}

async function written(table: FeatureTable): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'distill-feature-file-')), 't1.features');
  await writeFile(path, encodeFeatureTable(table, 'source-1'));
  return path;
}

describe('feature cache file, numbers only', () => {
  it('reads the ids alone, or every text when an id would not survive the shortcut', async () => {
    for (const ids of [
      ['t1-0-0', 't1-0-1', 't1-1-0'],
      ['a]b', 'c"]', '中]"\\'],
    ]) {
      const table = sampleTable(ids.length);
      (table.textColumn('id') as string[]).splice(0, ids.length, ...ids);
      const path = await written(table);
      expect(readFeatureTableNumbers(path)!.table.ids()).toEqual(ids);
    }
  });

  it('finds damaged texts when only the ids are read', async () => {
    const path = await written(sampleTable(5));
    const bytes = await readFile(path);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 0x01, bytes.length - 3);
    await writeFile(path, bytes);
    const { table } = readFeatureTableNumbers(path)!;
    expect(() => table.ids()).toThrow(CorruptCacheError);
  });

  it('reads the same numbers as the whole file, and the texts when first asked for', async () => {
    const path = await written(sampleTable(37));
    const whole = decodeFeatureTable(await readFile(path), path)!;
    const numbers = readFeatureTableNumbers(path)!;
    expect(numbers.source).toBe('source-1');
    expect(numbers.table.size).toBe(37);
    for (const column of NUMERIC_COLUMNS) expect([...numbers.table.numbers[column]]).toEqual([...whole.table.numbers[column]]);
    expect(numbers.table.text('finalAnswer', 36)).toBe('finalAnswer 36 中文');
  });

  it('refuses damaged numbers at once, and damaged or replaced texts when they are read', async () => {
    const path = await written(sampleTable(5));
    const bytes = await readFile(path);
    const numbersAt = bytes.length - 1 - Number(/"textBytes":(\d+)/.exec(bytes.toString('latin1'))![1]);
    const damaged = Buffer.from(bytes);
    damaged[numbersAt] = damaged[numbersAt]! ^ 0xff;
    await writeFile(path, damaged);
    expect(() => readFeatureTableNumbers(path)).toThrow(CorruptCacheError);

    await writeFile(path, bytes);
    const table = readFeatureTableNumbers(path)!.table;
    const texts = Buffer.from(bytes);
    texts[texts.length - 3] = 0x41;
    await writeFile(path, texts);
    expect(() => table.text('id', 0)).toThrow(/checksum mismatch in the texts/);
  });

  it('reads a column when it is first used, verified by its own checksum', async () => {
    const path = await written(sampleTable(9));
    const bytes = await readFile(path);
    const lazy = readFeatureTableLazily(path)!;
    expect(lazy.source).toBe('source-1');
    expect([...lazy.table.numbers.duplicateSimilarity]).toEqual([...decodeFeatureTable(bytes, path)!.table.numbers.duplicateSimilarity]);
    // The last column's last byte is damaged: the other columns still read, that one is refused when read.
    const numbersEnd = bytes.length - Number(/"textBytes":(\d+)/.exec(bytes.toString('latin1'))![1]);
    const damaged = Buffer.from(bytes);
    damaged[numbersEnd - 1] = damaged[numbersEnd - 1]! ^ 0xff;
    await writeFile(path, damaged);
    const table = readFeatureTableLazily(path)!.table;
    expect(table.numbers[NUMERIC_COLUMNS[0]!][3]).toBe(3);
    expect(() => table.numbers[NUMERIC_COLUMNS[NUMERIC_COLUMNS.length - 1]!][0]).toThrow(/checksum mismatch/);
  });

  it('reads the ids alone for the source they were computed from, strings with quotes and brackets included', async () => {
    const table = sampleTable(5);
    const ids = ['t1-1-0', 't1-1-"]1', 't1-2-\\]', 't1-2-中文', 't1-3-0'];
    const texts = Object.fromEntries(TEXT_COLUMNS.map((column) => [column, column === 'id' ? ids : [...table.textColumn(column)]]));
    const path = await written(new FeatureTable(5, table.numbers, () => texts as ReturnType<typeof emptyTexts>));
    expect(readFeatureIds(path, 'source-1')).toEqual(ids);
    expect(readFeatureIds(path, 'another source')).toBeNull();
    const damaged = await readFile(path);
    damaged[damaged.length - 3] = 0x41;
    await writeFile(path, damaged);
    expect(() => readFeatureIds(path, 'source-1')).toThrow(/checksum mismatch in the texts/);
  });
});
