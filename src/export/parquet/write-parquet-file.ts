// The one-call form: rows in, a finished Parquet file out (batches of `batchRows`).
import { ParquetFileWriter, type ParquetWriteOptions } from './parquet-file-writer.js';
import type { ColumnFields } from './parquet-schema.js';
import { RecordBatchBuilder } from './record-batch-builder.js';

export async function writeParquetFile(
  path: string,
  fields: ColumnFields,
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  options: ParquetWriteOptions & { batchRows?: number } = {},
): Promise<{ rows: number }> {
  const writer = await ParquetFileWriter.open(path, options);
  const builder = new RecordBatchBuilder(fields);
  const batchRows = options.batchRows ?? 10_000;
  try {
    for await (const row of rows) {
      builder.add(row);
      if (builder.rows >= batchRows) await writer.write(builder.take()!);
    }
    const last = builder.take();
    if (last !== null) await writer.write(last);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { rows: writer.rows };
}
