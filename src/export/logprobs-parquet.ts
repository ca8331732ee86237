// Writes the logprobs rows as Parquet through the shared Parquet module (parquet-wasm: Arrow in,
// Parquet out), readable by pandas, pyarrow and `datasets` alike. Every column and list item is
// nullable (OPTIONAL), as the file has always been; zstd and dictionaries suit its repeated tokens.
import type { LogprobsRow } from './logprobs-rows.js';
import { writeParquetFile, type ColumnFields, type ColumnType } from './parquet/index.js';

const listOf = (item: ColumnType): ColumnType => ({ list: item, itemsNullable: true });

const COLUMNS: ColumnFields = {
  id: { type: 'string', nullable: true },
  tokens: { type: listOf('string'), nullable: true },
  token_ids: { type: listOf('int32'), nullable: true },
  offsets: { type: listOf('int32'), nullable: true },
  logprobs: { type: listOf('float32'), nullable: true },
  top_tokens: { type: listOf(listOf('string')), nullable: true },
  top_ids: { type: listOf(listOf('int32')), nullable: true },
  top_logprobs: { type: listOf(listOf('float32')), nullable: true },
};

function* columnRows(rows: readonly LogprobsRow[]): Generator<Record<string, unknown>> {
  for (const row of rows) {
    yield {
      id: row.id,
      tokens: row.tokens,
      token_ids: row.tokenIds,
      offsets: row.offsets,
      logprobs: row.logprobs,
      top_tokens: row.topTokens,
      top_ids: row.topIds,
      top_logprobs: row.topLogprobs,
    };
  }
}

/** Writes the rows (one per exported record, in their order) to `path`, streamed in batches. */
export async function writeLogprobsParquet(path: string, rows: readonly LogprobsRow[]): Promise<void> {
  await writeParquetFile(path, COLUMNS, columnRows(rows), { compression: 'zstd', dictionary: true, batchRows: 2_000 });
}
